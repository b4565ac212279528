package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class SmallDatagramsTest {
  private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

  /** A receive buffer of 4 slots with one datagram of {@code bytes} in its second slot. */
  private ByteBuf readInto(ByteBuf receive, int slot, int bytes) {
    for (int i = 0; i < bytes; i++) {
      receive.setByte(slot + i, i * 7);
    }
    return receive.retainedSlice(slot, bytes);
  }

  @Test
  void smallDatagramIsCopiedSoTheReceiveBufferIsFreedWhenTheReadEnds() {
    ByteBuf receive = alloc.directBuffer(4 * 65_508);
    ByteBuf slice = readInto(receive, 65_508, 64);
    receive.release(); // as epoll does once the read's slices exist
    byte[] expected = ByteBufUtil.getBytes(slice);

    ByteBuf payload = SmallDatagrams.detach(slice, alloc);

    assertThat(receive.refCnt()).as("receive buffer back in the pool").isZero();
    assertThat(payload.refCnt()).isEqualTo(1);
    assertThat(payload.capacity()).isEqualTo(64);
    assertThat(ByteBufUtil.getBytes(payload)).isEqualTo(expected);
    payload.release();
  }

  @Test
  void largestCopiedSizeIsCopiedAndOneMoreIsNot() {
    ByteBuf receive = alloc.directBuffer(4 * 65_508);
    ByteBuf atLimit = readInto(receive, 0, SmallDatagrams.COPY_LIMIT);
    ByteBuf aboveLimit = readInto(receive, 65_508, SmallDatagrams.COPY_LIMIT + 1);
    receive.release();

    ByteBuf copied = SmallDatagrams.detach(atLimit, alloc);
    ByteBuf kept = SmallDatagrams.detach(aboveLimit, alloc);

    assertThat(copied).isNotSameAs(atLimit);
    assertThat(atLimit.refCnt()).isZero();
    assertThat(kept).as("large datagram keeps its slice, no copy").isSameAs(aboveLimit);
    assertThat(receive.refCnt()).as("held by the large datagram's slice").isEqualTo(1);
    copied.release();
    kept.release();
    assertThat(receive.refCnt()).isZero();
  }

  @Test
  void emptyDatagramIsHandedOnAsIs() {
    ByteBuf receive = alloc.directBuffer(2 * 65_508);
    ByteBuf empty = receive.retainedSlice(0, 0);
    receive.release();

    ByteBuf payload = SmallDatagrams.detach(empty, alloc);

    assertThat(payload).isSameAs(empty);
    assertThat(payload.readableBytes()).isZero();
    payload.release();
    assertThat(receive.refCnt()).isZero();
  }
}
