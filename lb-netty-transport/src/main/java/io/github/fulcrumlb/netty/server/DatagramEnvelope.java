package io.github.fulcrumlb.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.util.Recycler;
import java.net.InetSocketAddress;

/**
 * One outgoing datagram (payload and recipient) for a write on an unconnected datagram channel,
 * taken from Netty's {@link Recycler} instead of a new {@code DatagramPacket} per write.
 *
 * <p>Its reference count is the payload's: {@code retain}, {@code release} and {@code touch} go to
 * the content buffer. The release that frees the payload (its count reaching 0) also returns the
 * envelope to the pool; from then on the instance belongs to the next writer. So the only use is to
 * hand it to {@code write} and forget it: Netty's {@code ChannelOutboundBuffer} releases a message
 * exactly once (after the write, after a failed write, or when the channel closes with the write
 * still queued) and does not touch it afterwards, and a write to a closed channel releases it at
 * once.
 *
 * <p>Epoll and NIO datagram channels write any {@link AddressedEnvelope} of a direct buffer as is
 * (no copy, no re-wrapping). Epoll's {@code sendmmsg} batching takes only {@code DatagramPacket}s,
 * though: each envelope leaves in its own {@code sendto}.
 *
 * <pre>{@code
 * channel.write(DatagramEnvelope.of(content, client), channel.voidPromise());
 * }</pre>
 */
final class DatagramEnvelope implements AddressedEnvelope<ByteBuf, InetSocketAddress> {
  private static final Recycler<DatagramEnvelope> POOL =
      new Recycler<>() {
        @Override
        protected DatagramEnvelope newObject(Handle<DatagramEnvelope> handle) {
          return new DatagramEnvelope(handle);
        }
      };

  private final Recycler.Handle<DatagramEnvelope> handle;
  private ByteBuf content;
  private InetSocketAddress recipient;

  private DatagramEnvelope(Recycler.Handle<DatagramEnvelope> handle) {
    this.handle = handle;
  }

  /**
   * An envelope carrying {@code content} (whose reference passes to the envelope) to {@code
   * recipient}.
   */
  static DatagramEnvelope of(ByteBuf content, InetSocketAddress recipient) {
    DatagramEnvelope e = POOL.get();
    e.content = content;
    e.recipient = recipient;
    return e;
  }

  @Override
  public ByteBuf content() {
    return content;
  }

  /** Always {@code null}: the channel that writes it is the sender. */
  @Override
  public InetSocketAddress sender() {
    return null;
  }

  @Override
  public InetSocketAddress recipient() {
    return recipient;
  }

  @Override
  public int refCnt() {
    return content.refCnt();
  }

  @Override
  public DatagramEnvelope retain() {
    content.retain();
    return this;
  }

  @Override
  public DatagramEnvelope retain(int increment) {
    content.retain(increment);
    return this;
  }

  @Override
  public DatagramEnvelope touch() {
    content.touch();
    return this;
  }

  @Override
  public DatagramEnvelope touch(Object hint) {
    content.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return release(1);
  }

  /** Releases the payload; when that frees it, the envelope goes back to the pool. */
  @Override
  public boolean release(int decrement) {
    boolean freed = content.release(decrement);
    if (freed) {
      content = null;
      recipient = null;
      handle.recycle(this);
    }
    return freed;
  }

  @Override
  public String toString() {
    return "DatagramEnvelope(" + recipient + ", " + content + ")";
  }
}
