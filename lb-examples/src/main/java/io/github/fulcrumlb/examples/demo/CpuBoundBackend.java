package io.github.fulcrumlb.examples.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One in-process UDP backend of the demo: a socket on 127.0.0.1, a bounded queue, and {@code
 * workers} threads ("cores") that each burn {@code workMicros} of real CPU time per datagram (spun
 * on the thread's own CPU clock, so preemption cannot shorten it) before echoing it back with this
 * backend's index stamped at byte 16. Its capacity is therefore about {@code workers × 10^6 /
 * workMicros} datagrams per second, less when the machine is busy.
 *
 * <p>A <b>noisy neighbour</b> ({@link #neighbour(boolean)}) is a co-tenant thread that takes one of
 * the backend's cores for 5 ms out of every 10 ms and burns CPU there: workers wait for a free
 * core, so capacity drops and queueing rises, and its CPU counts in this backend's usage, as a
 * co-tenant's would in Telegraf's host {@code cpu}.
 *
 * <p>Counters for the demo's metrics: CPU time of the backend's threads ({@link #cpuNanos()}),
 * queue depth, bytes in and out.
 *
 * <pre>{@code
 * try (CpuBoundBackend b = CpuBoundBackend.start(0, "backend-0", 2, 400)) {
 *   InetSocketAddress address = b.address();
 *   b.neighbour(true);
 * }
 * }</pre>
 */
public final class CpuBoundBackend implements AutoCloseable {
  /** Most datagrams queued; beyond, they are dropped (as a full socket buffer would). */
  public static final int QUEUE_CAPACITY = 512;

  /** Byte offset of the backend index stamped in each reply. */
  public static final int INDEX_OFFSET = 16;

  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
  private static final long NEIGHBOUR_BURN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long NEIGHBOUR_REST_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final int index;
  private final String id;
  private final int workers;
  private final long workNanos;
  private final DatagramSocket socket;
  private final ArrayBlockingQueue<DatagramPacket> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Semaphore cores;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean neighbour;
  private volatile long sink;

  private CpuBoundBackend(int index, String id, int workers, long workMicros) throws IOException {
    if (workers < 1 || workMicros < 1) {
      throw new IllegalArgumentException("workers and workMicros must be >= 1");
    }
    this.index = index;
    this.id = id;
    this.workers = workers;
    this.workNanos = TimeUnit.MICROSECONDS.toNanos(workMicros);
    this.cores = new Semaphore(workers, true);
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setSoTimeout(100);
    socket.setReceiveBufferSize(1 << 20);
  }

  /**
   * Binds a backend on 127.0.0.1 (a free port) and starts its threads (daemons).
   *
   * @param index stamped in every reply, so clients can tell which backend answered
   * @param id the backend id the balancer knows it by
   * @param workers threads serving datagrams in parallel (its "cores")
   * @param workMicros CPU time spent per datagram, microseconds
   */
  public static CpuBoundBackend start(int index, String id, int workers, long workMicros) {
    try {
      CpuBoundBackend b = new CpuBoundBackend(index, id, workers, workMicros);
      b.startThreads();
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind a UDP backend on 127.0.0.1", e);
    }
  }

  private void startThreads() {
    threads.add(daemon(this::receive, id + "-recv"));
    for (int i = 0; i < workers; i++) {
      threads.add(daemon(this::work, id + "-worker-" + i));
    }
    threads.add(daemon(this::neighbourLoop, id + "-neighbour"));
    threads.forEach(Thread::start);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private void receive() {
    while (running) {
      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        if (running) {
          continue;
        }
        return;
      }
      bytesIn.addAndGet(p.getLength());
      if (!queue.offer(p)) {
        dropped.incrementAndGet();
      }
    }
  }

  private void work() {
    while (running) {
      DatagramPacket p;
      try {
        p = queue.poll(100, TimeUnit.MILLISECONDS);
        if (p == null) {
          continue;
        }
        cores.acquire();
      } catch (InterruptedException e) {
        return;
      }
      try {
        burn(workNanos);
      } finally {
        cores.release();
      }
      if (p.getLength() >= INDEX_OFFSET + 4) {
        ByteBuffer.wrap(p.getData(), 0, p.getLength()).putInt(INDEX_OFFSET, index);
      }
      // Counted before the send, so that whoever has the reply also sees it counted.
      int length = p.getLength();
      bytesOut.addAndGet(length);
      served.incrementAndGet();
      try {
        socket.send(p); // back to the sender: the balancer's upstream socket
      } catch (IOException e) {
        bytesOut.addAndGet(-length);
        served.decrementAndGet();
        dropped.incrementAndGet();
      }
    }
  }

  /** A co-tenant: while switched on, holds one core half of the time and burns CPU on it. */
  private void neighbourLoop() {
    while (running) {
      try {
        if (!neighbour) {
          TimeUnit.MILLISECONDS.sleep(20);
          continue;
        }
        cores.acquire();
        try {
          burn(NEIGHBOUR_BURN_NANOS);
        } finally {
          cores.release();
        }
        TimeUnit.NANOSECONDS.sleep(NEIGHBOUR_REST_NANOS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Spins until this thread has used {@code nanos} of CPU time. */
  private void burn(long nanos) {
    long end = MX.getCurrentThreadCpuTime() + nanos;
    long x = sink;
    do {
      for (int i = 0; i < 256; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    } while (MX.getCurrentThreadCpuTime() < end && running);
    sink = x;
  }

  /** Switches the noisy neighbour on or off. */
  public void neighbour(boolean on) {
    this.neighbour = on;
  }

  /** Whether the noisy neighbour is on. */
  public boolean neighbour() {
    return neighbour;
  }

  /** Where it listens (127.0.0.1). */
  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Index stamped in its replies. */
  public int index() {
    return index;
  }

  /** The backend id. */
  public String id() {
    return id;
  }

  /** Worker threads: the CPU capacity, in cores. */
  public int workers() {
    return workers;
  }

  /** CPU time per datagram, microseconds. */
  public long workMicros() {
    return TimeUnit.NANOSECONDS.toMicros(workNanos);
  }

  /** Nominal capacity without a neighbour, datagrams per second. */
  public double capacityPerSecond() {
    return workers * 1e9 / workNanos;
  }

  /** CPU time used so far by the backend's threads (workers, receiver and neighbour), ns. */
  public long cpuNanos() {
    long sum = 0;
    for (Thread t : threads) {
      long n = MX.getThreadCpuTime(t.getId());
      if (n > 0) {
        sum += n;
      }
    }
    return sum;
  }

  /** Datagrams waiting for a worker. */
  public int queued() {
    return queue.size();
  }

  /** Bytes received so far. */
  public long bytesIn() {
    return bytesIn.get();
  }

  /** Bytes sent so far. */
  public long bytesOut() {
    return bytesOut.get();
  }

  /** Datagrams answered so far. */
  public long served() {
    return served.get();
  }

  /** Datagrams dropped (queue full or send failed). */
  public long dropped() {
    return dropped.get();
  }

  /** Stops the threads and closes the socket; waits up to a second for the threads. */
  @Override
  public void close() {
    running = false;
    socket.close();
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public String toString() {
    return id
        + " ("
        + workers
        + (workers == 1 ? " core, " : " cores, ")
        + workMicros()
        + " µs CPU per datagram)";
  }
}
