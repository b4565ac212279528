package io.github.fulcrumlb.netty.internal;

import io.github.fulcrumlb.netty.config.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.util.concurrent.ThreadFactory;

/**
 * The Netty transport the balancer runs on — epoll, io_uring (Linux, their {@code linux-x86_64}
 * native jars) or NIO — and how its listener sockets read: whether several sockets can share the
 * listen port (SO_REUSEPORT, which lets every event loop have its own listener so that the kernel
 * spreads clients over loops), and how many client datagrams one read takes.
 *
 * <p>On epoll a read is one {@code recvmmsg} of several datagrams into one buffer of slots of
 * {@link #readSlotBytes} each (Netty's {@code MAX_DATAGRAM_PAYLOAD_SIZE}); io_uring queues as many
 * {@code recvmsg}s at once. A slot holds one byte more than the largest accepted datagram, so that
 * a longer one shows as too long rather than arriving cut to size; how many slots a read has
 * depends on that size ({@link #readBatch}): a smaller {@code maxDatagramSize} gives larger
 * batches. Datagrams queued on one socket by one flush leave in one {@code sendmmsg} (epoll) or one
 * submission (io_uring).
 *
 * <pre>{@code
 * NettyTransport t = NettyTransport.select(Transport.AUTO);
 * EventLoopGroup group = t.newGroup(2, threadFactory);
 * }</pre>
 */
public final class NettyTransport {
  /** Client datagrams one listener read takes at most (epoll {@code recvmmsg}, io_uring). */
  static final int LISTENER_BATCH = 16;

  /**
   * Bytes of a listener's read buffer at most, unless one datagram needs more, on io_uring (which
   * keeps its buffers posted while it waits) and NIO.
   */
  static final int LISTENER_READ_BYTES = 256 * 1024;

  /**
   * The same on epoll, whose read buffer lives only while the read's datagrams are handled (small
   * ones are copied out of it, large ones hold it until written): 8 slots of 64 KiB at the default
   * largest datagram, and at most an eighth of the pooled allocator's 4 MiB chunk, so that a chunk
   * is not freed and allocated again between reads.
   */
  static final int EPOLL_LISTENER_READ_BYTES = 512 * 1024;

  /** Replies one read of a session's upstream socket takes at most. */
  static final int UPSTREAM_BATCH = 4;

  /**
   * Bytes of an upstream read buffer at most, unless one datagram needs more, on io_uring and NIO:
   * small enough for the allocator's per-thread cache, since io_uring keeps a read posted on every
   * idle session's socket.
   */
  static final int UPSTREAM_READ_BYTES = 32 * 1024;

  /** The same on epoll: 4 slots at the default largest datagram (see the listener's). */
  static final int EPOLL_UPSTREAM_READ_BYTES = 256 * 1024;

  private final Transport kind;
  private final IoHandlerFactory ioHandlers;
  private final Class<? extends DatagramChannel> channelClass;
  private final boolean reusePort;

  private NettyTransport(
      Transport kind,
      IoHandlerFactory ioHandlers,
      Class<? extends DatagramChannel> channelClass,
      boolean reusePort) {
    this.kind = kind;
    this.ioHandlers = ioHandlers;
    this.channelClass = channelClass;
    this.reusePort = reusePort;
  }

  /** {@link Transport#AUTO} if {@code preferNative}, else NIO. */
  public static NettyTransport select(boolean preferNative) {
    return select(preferNative ? Transport.AUTO : Transport.NIO);
  }

  /**
   * The transport asked for: {@link Transport#AUTO} takes the first available of epoll, io_uring
   * and NIO.
   *
   * @throws IllegalStateException if epoll or io_uring is asked for and is not available here, with
   *     the reason and the fix
   */
  public static NettyTransport select(Transport wanted) {
    switch (wanted) {
      case EPOLL:
        if (!Epoll.isAvailable()) {
          throw unavailable("epoll", Epoll.unavailabilityCause());
        }
        return epoll();
      case IO_URING:
        if (!IoUring.isAvailable()) {
          throw unavailable("io_uring", IoUring.unavailabilityCause());
        }
        return ioUring();
      case NIO:
        return nio();
      case AUTO:
      default:
        if (Epoll.isAvailable()) {
          return epoll();
        }
        if (IoUring.isAvailable()) {
          return ioUring();
        }
        return nio();
    }
  }

  private static NettyTransport epoll() {
    return new NettyTransport(
        Transport.EPOLL, EpollIoHandler.newFactory(), EpollDatagramChannel.class, true);
  }

  private static NettyTransport ioUring() {
    return new NettyTransport(
        Transport.IO_URING, IoUringIoHandler.newFactory(), IoUringDatagramChannel.class, true);
  }

  private static NettyTransport nio() {
    return new NettyTransport(
        Transport.NIO, NioIoHandler.newFactory(), NioDatagramChannel.class, nioSupportsReusePort());
  }

  private static IllegalStateException unavailable(String name, Throwable cause) {
    String why = cause == null ? "unknown reason" : cause.toString();
    return new IllegalStateException(
        "transport "
            + name
            + " is not available here ("
            + why
            + "); choose transport auto"
            + " (the fastest available), epoll, io_uring or nio",
        cause);
  }

  private static boolean nioSupportsReusePort() {
    try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open()) {
      return ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** "epoll", "io_uring" or "nio". */
  public String name() {
    return kind == Transport.IO_URING ? "io_uring" : kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Which transport this is: {@link Transport#EPOLL}, {@link Transport#IO_URING} or NIO. */
  public Transport kind() {
    return kind;
  }

  /** The datagram channel class. */
  public Class<? extends DatagramChannel> channelClass() {
    return channelClass;
  }

  /** Whether several listeners can bind the same port (SO_REUSEPORT). */
  public boolean reusePort() {
    return reusePort;
  }

  /** A new event loop group of {@code threads} loops. */
  public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
    return new MultiThreadIoEventLoopGroup(threads, threadFactory, ioHandlers);
  }

  /**
   * Bytes of one receive slot for datagrams of at most {@code maxDatagramSize} bytes: one more, so
   * that a longer datagram, which the kernel cuts to the slot, can be told from one that fits.
   */
  static int readSlotBytes(int maxDatagramSize) {
    return Math.min(maxDatagramSize + 1, 65_536);
  }

  /**
   * Datagrams one read takes: as many slots as fit in {@code budgetBytes}, between 1 and {@code
   * most}. The budget bounds the buffer each read takes: large slots (a 64 KiB maximum) in batches
   * of 16 made every read take a 1 MiB buffer, a quarter of the pooled allocator's chunk, which was
   * freed and allocated again between reads, and cost twice the CPU per reply (docs/BENCHMARKS.md).
   */
  static int readBatch(int maxDatagramSize, int budgetBytes, int most) {
    return Math.max(1, Math.min(most, budgetBytes / readSlotBytes(maxDatagramSize)));
  }

  /**
   * Sets a listener's read options: up to {@value #LISTENER_BATCH} client datagrams per read, in
   * one {@code recvmmsg} (epoll) or as many queued {@code recvmsg}s (io_uring), within {@value
   * #EPOLL_LISTENER_READ_BYTES} bytes on epoll and {@value #LISTENER_READ_BYTES} on the others; on
   * NIO one datagram per read.
   */
  public void applyListenerReads(Bootstrap b, int maxDatagramSize) {
    int budget = kind == Transport.EPOLL ? EPOLL_LISTENER_READ_BYTES : LISTENER_READ_BYTES;
    applyReads(b, maxDatagramSize, readBatch(maxDatagramSize, budget, LISTENER_BATCH));
  }

  /**
   * Sets a session's upstream channel's read options: up to {@value #UPSTREAM_BATCH} replies per
   * read within {@value #EPOLL_UPSTREAM_READ_BYTES} bytes on epoll and {@value
   * #UPSTREAM_READ_BYTES} on the others.
   */
  public void applyUpstreamReads(Bootstrap b, int maxDatagramSize) {
    int budget = kind == Transport.EPOLL ? EPOLL_UPSTREAM_READ_BYTES : UPSTREAM_READ_BYTES;
    int batch = readBatch(maxDatagramSize, budget, UPSTREAM_BATCH);
    if (kind == Transport.EPOLL) {
      // Epoll reads a connected socket with recv() when a read has room for one datagram only, and
      // takes a 0-byte read for "nothing to read": a 0-byte reply would be lost. With room for two
      // it uses recvmmsg, which reports every datagram, empty ones included.
      batch = Math.max(2, batch);
    }
    applyReads(b, maxDatagramSize, batch);
  }

  @SuppressWarnings("deprecation") // RCVBUF_ALLOCATOR: still what Netty 4.2 datagram channels read
  private void applyReads(Bootstrap b, int maxDatagramSize, int batch) {
    int slot = readSlotBytes(maxDatagramSize);
    b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(slot * batch));
    if (kind == Transport.EPOLL) {
      b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slot);
    } else if (kind == Transport.IO_URING) {
      b.option(IoUringChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slot);
    }
  }

  /** Sets SO_REUSEPORT on a bootstrap, when supported. */
  public void applyReusePort(Bootstrap b) {
    if (!reusePort) {
      return;
    }
    if (kind == Transport.NIO) {
      b.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
    } else {
      b.option(UnixChannelOption.SO_REUSEPORT, true);
    }
  }

  @Override
  public String toString() {
    return name() + (reusePort ? " with SO_REUSEPORT" : "");
  }
}
