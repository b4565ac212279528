package io.github.fulcrumlb.netty.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/** A UDP echo server on 127.0.0.1 for tests, on its own daemon thread; close() kills it. */
public final class EchoBackend implements AutoCloseable {
  private final DatagramChannel channel;
  private final Thread thread;
  private final AtomicLong echoed = new AtomicLong();
  private volatile boolean silent;
  private volatile long delayMillis;
  private volatile byte[] fixedReply;
  private final AtomicLong received = new AtomicLong();

  private EchoBackend(DatagramChannel channel) {
    this.channel = channel;
    this.thread = new Thread(this::run, "echo-" + port());
    thread.setDaemon(true);
    thread.start();
  }

  /** An echo server on an ephemeral loopback port. */
  public static EchoBackend start() throws IOException {
    return start(0);
  }

  /** An echo server on this loopback port (0: ephemeral). */
  public static EchoBackend start(int port) throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    ch.bind(new InetSocketAddress("127.0.0.1", port));
    return new EchoBackend(ch);
  }

  /** Its port. */
  public int port() {
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** "127.0.0.1:port". */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** Datagrams echoed so far. */
  public long echoed() {
    return echoed.get();
  }

  /** Answers each datagram only after this delay (a slow backend). */
  public void delay(long millis) {
    delayMillis = millis;
  }

  /** Keeps receiving but stops answering (a hung backend: only timeouts reveal it). */
  public void silence() {
    silent = true;
  }

  /** Answers again after {@link #silence()}. */
  public void resume() {
    silent = false;
  }

  /** Answers every datagram with these bytes instead of an echo ({@code null}: echo again). */
  public void replyWith(byte[] reply) {
    fixedReply = reply == null ? null : reply.clone();
  }

  /** Datagrams received so far, answered or not. */
  public long received() {
    return received.get();
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
    try {
      while (true) {
        buf.clear();
        SocketAddress from = channel.receive(buf);
        received.incrementAndGet();
        if (silent) {
          continue;
        }
        buf.flip();
        byte[] reply = fixedReply;
        if (reply != null) {
          buf.clear();
          buf.put(reply).flip();
        }
        long delay = delayMillis;
        if (delay > 0) {
          Thread.sleep(delay); // simulated service time of a slow backend
        }
        // Counted before sending: a client holding the reply must see it counted.
        echoed.incrementAndGet();
        channel.send(buf, from);
      }
    } catch (ClosedChannelException e) {
      // closed: stop
    } catch (IOException e) {
      // stop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
