package io.github.fulcrumlb.netty.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Opens sessions' upstream channels on one event loop, the loop that owns the sessions, so that a
 * session and its channel are confined to one thread.
 *
 * <ul>
 *   <li>{@link #connect}: a UDP socket connected to the session's backend (session affinity). The
 *       kernel filters what arrives on it to that backend and reports ICMP port unreachable on it.
 *   <li>{@link #bind}: an unconnected socket on an ephemeral port (per-datagram picks): one source
 *       port per client, datagrams to any backend, replies matched by sender.
 * </ul>
 *
 * <pre>{@code
 * UpstreamChannels upstreams = new UpstreamChannels(loop, EpollDatagramChannel.class, alloc, 65_507);
 * ChannelFuture f = upstreams.connect(session, backendAddress, forwarder);
 * }</pre>
 */
final class UpstreamChannels {
  private final Bootstrap template;

  /**
   * @param loop the event loop channels are registered on
   * @param channelClass the transport's datagram channel class
   * @param allocator the buffer allocator
   * @param readOptions sets the receive buffer and batch options (the transport's {@code
   *     applyUpstreamReads} for the largest relayed datagram)
   */
  UpstreamChannels(
      EventLoop loop,
      Class<? extends DatagramChannel> channelClass,
      ByteBufAllocator allocator,
      Consumer<Bootstrap> readOptions) {
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(channelClass)
            .option(ChannelOption.ALLOCATOR, allocator)
            // As large as the listener's: replies wait here while the loop is busy (in per-datagram
            // mode, one socket carries the replies of every backend to its client).
            .option(ChannelOption.SO_RCVBUF, UdpBalancer.SOCKET_BUFFER_BYTES)
            .option(ChannelOption.AUTO_CLOSE, false);
    readOptions.accept(b);
    this.template = b;
  }

  /**
   * The receive buffer per datagram for a largest relayed size of {@code maxDatagramSize}: one byte
   * more, because the kernel cuts a datagram to the buffer without saying so; a read that fills the
   * buffer was cut, so its datagram was too large and is dropped whole.
   */
  static int receiveBufferSize(int maxDatagramSize) {
    return maxDatagramSize + 1;
  }

  /** A channel for {@code session}, connected to {@code backend}. */
  public ChannelFuture connect(
      Session session, InetSocketAddress backend, UpstreamListener listener) {
    return template.clone().handler(new UpstreamHandler(session, listener)).connect(backend);
  }

  /** An unconnected channel for {@code session} on an ephemeral port. */
  public ChannelFuture bind(Session session, UpstreamListener listener) {
    return template.clone().handler(new UpstreamHandler(session, listener)).bind(0);
  }
}
