package io.github.fulcrumlb.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;

/**
 * The inbound handler of one session's upstream channel: hands each backend reply's payload to the
 * {@link UpstreamListener} (small ones copied out of the read's receive buffer, {@link
 * SmallDatagrams}), and turns {@link PortUnreachableException} (an ICMP port unreachable on a
 * connected UDP socket) into {@link UpstreamListener#onUnreachable}. Netty keeps a datagram channel
 * open after a port-unreachable error.
 *
 * <pre>{@code
 * channel.pipeline().addLast(new UpstreamHandler(session, forwarder));
 * }</pre>
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
  private final Session session;
  private final UpstreamListener listener;

  /**
   * @param session the session whose channel this is
   * @param listener where replies and errors go
   */
  public UpstreamHandler(Session session, UpstreamListener listener) {
    this.session = session;
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket packet) {
      // Ownership of the content passes to the listener; the envelope itself holds no reference.
      listener.onReply(session, ctx.channel(), packet.sender(), detach(packet.content(), ctx));
    } else if (msg instanceof ByteBuf buf) {
      listener.onReply(
          session,
          ctx.channel(),
          (InetSocketAddress) ctx.channel().remoteAddress(),
          detach(buf, ctx));
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  /** The payload to hand on; released here if its copy fails, since the listener never got it. */
  private static ByteBuf detach(ByteBuf content, ChannelHandlerContext ctx) {
    try {
      return SmallDatagrams.detach(content, ctx.alloc());
    } catch (RuntimeException | Error e) {
      content.release();
      throw e;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof PortUnreachableException) {
      listener.onUnreachable(session, ctx.channel());
    } else {
      listener.onUpstreamError(session, ctx.channel(), cause);
    }
  }
}
