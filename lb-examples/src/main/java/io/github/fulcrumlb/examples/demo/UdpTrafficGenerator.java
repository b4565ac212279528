package io.github.fulcrumlb.examples.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The demo's UDP client, on loopback: sends datagrams to the balancer and times the replies.
 *
 * <ul>
 *   <li><b>Open loop</b> (default): Poisson arrivals at {@code rate} per second (exponential gaps
 *       from a seeded generator), whatever the replies do, as independent users would;
 *   <li><b>closed loop</b> ({@code outstanding > 0}): that many requests in flight, each reply (or
 *       a reply timeout) sending the next.
 * </ul>
 *
 * Each datagram carries its sequence number and send time; the backend stamps its index at byte
 * {@value CpuBoundBackend#INDEX_OFFSET}, so round-trip latencies are recorded per backend and in
 * total (HdrHistogram {@link Recorder}s). Bounded: it stops after {@code maxRequests} or {@code
 * seconds}, whichever comes first, or on {@link #stop()}.
 *
 * <pre>{@code
 * UdpTrafficGenerator g = new UdpTrafficGenerator(balancerAddress, 4, 800, 0, 30, 100_000, 64, 42);
 * g.start();
 * g.awaitDone(40, TimeUnit.SECONDS);
 * }</pre>
 */
public final class UdpTrafficGenerator implements AutoCloseable {
  private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long REPLY_TIMEOUT_MILLIS = 1_000;

  private final InetSocketAddress target;
  private final double rate;
  private final int outstanding;
  private final long durationNanos;
  private final long maxRequests;
  private final int size;
  private final SplittableRandom random;
  private final DatagramSocket socket;
  private final Recorder total = new Recorder(3);
  private final Recorder[] perBackend;
  private final AtomicLongArray repliesPerBackend;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong replies = new AtomicLong();
  private final Semaphore window;
  private final Thread sender;
  private final Thread receiver;
  private volatile boolean stopping;
  private volatile boolean sending = true;

  /**
   * @param target the balancer
   * @param backends number of backends (indices stamped in replies)
   * @param rate open-loop arrivals per second
   * @param outstanding closed-loop requests in flight, or 0 for open loop
   * @param seconds longest time to send for
   * @param maxRequests most datagrams to send
   * @param size datagram size, at least 24 bytes
   * @param seed seed of the arrival process
   */
  public UdpTrafficGenerator(
      InetSocketAddress target,
      int backends,
      double rate,
      int outstanding,
      double seconds,
      long maxRequests,
      int size,
      long seed) {
    if (!(rate > 0) || outstanding < 0 || !(seconds > 0) || maxRequests < 1 || backends < 1) {
      throw new IllegalArgumentException("rate, seconds, maxRequests and backends must be > 0");
    }
    this.target = target;
    this.rate = rate;
    this.outstanding = outstanding;
    this.durationNanos = (long) (seconds * 1e9);
    this.maxRequests = maxRequests;
    this.size = Math.max(CpuBoundBackend.INDEX_OFFSET + 8, size);
    this.random = new SplittableRandom(seed);
    this.perBackend = new Recorder[backends];
    for (int i = 0; i < backends; i++) {
      perBackend[i] = new Recorder(3);
    }
    this.repliesPerBackend = new AtomicLongArray(backends);
    this.window = new Semaphore(Math.max(outstanding, 1));
    try {
      this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      socket.setSoTimeout(100);
      socket.setReceiveBufferSize(1 << 20);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a UDP client socket on 127.0.0.1", e);
    }
    this.sender = new Thread(this::send, "demo-traffic-send");
    this.receiver = new Thread(this::receive, "demo-traffic-recv");
    sender.setDaemon(true);
    receiver.setDaemon(true);
  }

  /** Starts sending and receiving. */
  public void start() {
    receiver.start();
    sender.start();
  }

  private void send() {
    byte[] buf = new byte[size];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    DatagramPacket packet = new DatagramPacket(buf, size, target);
    long start = System.nanoTime();
    long next = start;
    long seq = 0;
    try {
      while (!stopping && seq < maxRequests && System.nanoTime() - start < durationNanos) {
        if (outstanding > 0) {
          // closed loop: a reply frees a slot; a lost reply frees it after the reply timeout
          window.tryAcquire(REPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } else {
          next += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        if (stopping) {
          break;
        }
        seq++;
        bb.putLong(0, seq).putLong(8, System.nanoTime()).putInt(CpuBoundBackend.INDEX_OFFSET, -1);
        try {
          socket.send(packet);
          sent.incrementAndGet();
        } catch (IOException e) {
          if (socket.isClosed()) {
            break;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sending = false;
    }
  }

  private void receive() {
    byte[] buf = new byte[2048];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    ByteBuffer bb = ByteBuffer.wrap(buf);
    while (!socket.isClosed()) {
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        return;
      }
      if (packet.getLength() < CpuBoundBackend.INDEX_OFFSET + 4) {
        continue;
      }
      long rtt = Math.max(1, Math.min(System.nanoTime() - bb.getLong(8), MAX_LATENCY_NANOS));
      int index = bb.getInt(CpuBoundBackend.INDEX_OFFSET);
      replies.incrementAndGet();
      total.recordValue(rtt);
      if (index >= 0 && index < perBackend.length) {
        perBackend[index].recordValue(rtt);
        repliesPerBackend.incrementAndGet(index);
      }
      if (outstanding > 0) {
        window.release();
      }
    }
  }

  /** Waits until sending ended (time or count reached, or stopped). */
  public boolean awaitDone(long timeout, TimeUnit unit) throws InterruptedException {
    sender.join(Math.max(1, unit.toMillis(timeout)));
    return !sender.isAlive();
  }

  /** Whether it is still sending. */
  public boolean sending() {
    return sending;
  }

  /** Stops sending now (replies still counted until {@link #close()}). */
  public void stop() {
    stopping = true;
    sender.interrupt();
  }

  /** Datagrams sent so far. */
  public long sent() {
    return sent.get();
  }

  /** Replies received so far. */
  public long replies() {
    return replies.get();
  }

  /** Replies received so far from backend {@code index}. */
  public long replies(int index) {
    return repliesPerBackend.get(index);
  }

  /** All round trips recorded since the previous call, nanoseconds. */
  public Histogram takeTotal() {
    return total.getIntervalHistogram();
  }

  /** Round trips via backend {@code index} recorded since the previous call, nanoseconds. */
  public Histogram takeBackend(int index) {
    return perBackend[index].getIntervalHistogram();
  }

  /** Whether this is the closed-loop variant. */
  public boolean closedLoop() {
    return outstanding > 0;
  }

  /** Stops sending and closes the socket. */
  @Override
  public void close() {
    stop();
    socket.close();
    try {
      sender.join(2_000);
      receiver.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
