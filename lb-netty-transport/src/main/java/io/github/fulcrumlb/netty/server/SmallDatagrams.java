package io.github.fulcrumlb.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Copies a small datagram out of the receive buffer it was read into, so that the buffer goes back
 * to the pool at the end of the read instead of when the datagram has been written on.
 *
 * <p>Epoll reads up to a batch of datagrams with one {@code recvmmsg} into one buffer of slots
 * sized for the largest accepted datagram (64 KiB by default), and hands each datagram on as a
 * slice of it: the buffer lives until its last datagram has been written and flushed. Such buffers
 * (hundreds of KiB) are beyond the pooled allocator's per-thread cache, and with several of them
 * alive until the loop's flush the allocator's 4 MiB chunk filled past a quarter and was freed when
 * they were released, then allocated (and zeroed) again on the next read: 14 % of the balancer's
 * CPU samples at 64 outstanding (docs/BENCHMARKS.md). A datagram of at most {@value #COPY_LIMIT}
 * bytes is copied into a buffer of its own size (from the per-thread cache, no garbage) and its
 * slice released, so the receive buffer is free again as soon as the read's datagrams have been
 * handled. Larger datagrams keep their slice: copying them would cost more than it saves.
 *
 * <pre>{@code
 * ByteBuf payload = SmallDatagrams.detach(packet.content(), ctx.alloc());
 * }</pre>
 */
final class SmallDatagrams {
  /** Datagrams up to this many bytes are copied out of their receive buffer. */
  static final int COPY_LIMIT = 2048;

  private SmallDatagrams() {}

  /**
   * {@code content} itself if it is empty or larger than {@value #COPY_LIMIT} bytes, else a copy of
   * its readable bytes in a buffer of their size, with {@code content} released. Either way the
   * caller owns the returned buffer; if the copy cannot be allocated, {@code content} is still the
   * caller's.
   */
  static ByteBuf detach(ByteBuf content, ByteBufAllocator alloc) {
    int bytes = content.readableBytes();
    if (bytes == 0 || bytes > COPY_LIMIT) {
      return content;
    }
    ByteBuf copy = alloc.directBuffer(bytes, bytes);
    copy.writeBytes(content, content.readerIndex(), bytes);
    content.release();
    return copy;
  }
}
