package io.github.fulcrumlb.netty.server;

import io.netty.channel.Channel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Sends 0-byte datagrams, which Netty's datagram channels skip: their {@code doWriteMessage} treats
 * an empty buffer as already written (epoll and NIO alike), so a 0-byte request or reply would
 * never leave. On the native transports the channel's socket is reachable ({@link
 * UnixChannel#fd()}), and an empty {@code send}/{@code sendto} on it does send a 0-byte datagram;
 * on NIO it is not, so there empty datagrams are dropped and counted.
 *
 * <p>Called on the channel's event loop only. The datagram bypasses the channel's outbound buffer,
 * so it may overtake datagrams written but not yet flushed; UDP promises no order anyway.
 *
 * <pre>{@code
 * if (!content.isReadable() && EmptyDatagrams.supported(channel)) {
 *   content.release();
 *   EmptyDatagrams.send(channel, recipientOrNullIfConnected);
 * }
 * }</pre>
 */
final class EmptyDatagrams {
  /** Nothing to send; direct so that the native send takes its address. Never written to. */
  private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(1);

  private EmptyDatagrams() {}

  /** Whether {@code channel} can send a 0-byte datagram. */
  static boolean supported(Channel channel) {
    return channel instanceof UnixChannel u && u.fd() instanceof Socket;
  }

  /**
   * Sends a 0-byte datagram on {@code channel}: to {@code recipient}, or, if {@code null}, to the
   * address the channel is connected to.
   *
   * @return whether the kernel took it (false: not {@link #supported}, or the send failed, e.g. a
   *     full send buffer)
   */
  static boolean send(Channel channel, InetSocketAddress recipient) {
    if (!(channel instanceof UnixChannel u) || !(u.fd() instanceof Socket socket)) {
      return false;
    }
    try {
      if (recipient == null) {
        socket.send(EMPTY, 0, 0);
      } else {
        socket.sendTo(EMPTY, 0, 0, recipient.getAddress(), recipient.getPort());
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
