package io.github.fulcrumlb.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/**
 * The listener's inbound handler: hands each client datagram to its loop's {@link Forwarder}, small
 * ones copied out of the read's receive buffer ({@link SmallDatagrams}).
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
  private final Forwarder forwarder;

  ClientHandler(Forwarder forwarder) {
    this.forwarder = forwarder;
  }

  /** The forwarder knows its listener before the first datagram can be read. */
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    forwarder.listener(ctx.channel());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket packet) {
      // The forwarder hands the payload on (written or released) as its last step, so if it throws,
      // the payload is still ours: release it here rather than leak it.
      ByteBuf content = packet.content();
      boolean handedOn = false;
      try {
        content = SmallDatagrams.detach(content, ctx.alloc());
        forwarder.onClientDatagram(content, packet.sender());
        handedOn = true;
      } finally {
        if (!handedOn) {
          forwarder.onUnexpectedFailure(content);
        }
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A listener error (e.g. ICMP about a vanished client) must not close the listener.
    forwarder.onListenerError(cause);
  }
}
