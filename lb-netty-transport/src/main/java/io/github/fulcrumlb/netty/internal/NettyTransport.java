package io.github.fulcrumlb.netty.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
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
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.util.concurrent.ThreadFactory;

/**
 * The Netty transport the balancer runs on: epoll (Linux, the {@code linux-x86_64} native jar) when
 * available and wanted, NIO otherwise; and whether several sockets can share the listen port
 * (SO_REUSEPORT), which lets every event loop have its own listener so that the kernel spreads
 * clients over loops.
 *
 * <pre>{@code
 * NettyTransport t = NettyTransport.select(true);
 * EventLoopGroup group = t.newGroup(2, threadFactory);
 * }</pre>
 */
public final class NettyTransport {
  private final String name;
  private final IoHandlerFactory ioHandlers;
  private final Class<? extends DatagramChannel> channelClass;
  private final boolean reusePort;

  private NettyTransport(
      String name,
      IoHandlerFactory ioHandlers,
      Class<? extends DatagramChannel> channelClass,
      boolean reusePort) {
    this.name = name;
    this.ioHandlers = ioHandlers;
    this.channelClass = channelClass;
    this.reusePort = reusePort;
  }

  /** Epoll if {@code preferNative} and it is available, else NIO. */
  public static NettyTransport select(boolean preferNative) {
    if (preferNative && Epoll.isAvailable()) {
      return new NettyTransport(
          "epoll", EpollIoHandler.newFactory(), EpollDatagramChannel.class, true);
    }
    return new NettyTransport(
        "nio", NioIoHandler.newFactory(), NioDatagramChannel.class, nioSupportsReusePort());
  }

  private static boolean nioSupportsReusePort() {
    try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open()) {
      return ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** "epoll" or "nio". */
  public String name() {
    return name;
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

  /** Sets SO_REUSEPORT on a bootstrap, when supported. */
  public void applyReusePort(Bootstrap b) {
    if (!reusePort) {
      return;
    }
    if (channelClass == EpollDatagramChannel.class) {
      b.option(EpollChannelOption.SO_REUSEPORT, true);
    } else {
      b.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
    }
  }

  @Override
  public String toString() {
    return name + (reusePort ? " with SO_REUSEPORT" : "");
  }
}
