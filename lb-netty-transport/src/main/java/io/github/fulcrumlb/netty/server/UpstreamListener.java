package io.github.fulcrumlb.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * What an upstream channel reports to the event loop's forwarder. Called on that event loop only.
 *
 * <pre>{@code
 * UpstreamListener l = new UpstreamListener() { ... };
 * channel.pipeline().addLast(new UpstreamHandler(session, l));
 * }</pre>
 */
interface UpstreamListener {
  /**
   * A backend's reply on the session's upstream channel. The listener owns {@code content} and must
   * release it or pass it on exactly once.
   *
   * @param session the session the channel belongs to
   * @param channel the channel it arrived on
   * @param sender the backend's address
   * @param content the payload
   */
  void onReply(Session session, Channel channel, InetSocketAddress sender, ByteBuf content);

  /**
   * An ICMP port unreachable arrived for the session's connected channel: the backend is not there.
   */
  void onUnreachable(Session session, Channel channel);

  /** Any other error on the session's upstream channel. */
  void onUpstreamError(Session session, Channel channel, Throwable cause);
}
