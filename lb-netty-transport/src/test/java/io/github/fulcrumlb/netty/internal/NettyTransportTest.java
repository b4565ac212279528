package io.github.fulcrumlb.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.fulcrumlb.netty.config.Transport;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import org.junit.jupiter.api.Test;

class NettyTransportTest {
  @Test
  void slotHoldsOneByteMoreThanTheLargestDatagramSoALongerOneShows() {
    assertThat(NettyTransport.readSlotBytes(8_192)).isEqualTo(8_193);
    assertThat(NettyTransport.readSlotBytes(65_507)).isEqualTo(65_508);
    assertThat(NettyTransport.readSlotBytes(65_535)).isEqualTo(65_536);
  }

  @Test
  void smallDatagramsReadInFullBatchesLargeOnesWithinTheBufferBudget() {
    int listenerBudget = NettyTransport.LISTENER_READ_BYTES;
    int upstreamBudget = NettyTransport.UPSTREAM_READ_BYTES;
    assertThat(NettyTransport.readBatch(1_472, listenerBudget, 16)).isEqualTo(16);
    assertThat(NettyTransport.readBatch(1_472, upstreamBudget, 4)).isEqualTo(4);
    assertThat(NettyTransport.readBatch(8_192, listenerBudget, 16)).isEqualTo(16);
    assertThat(NettyTransport.readBatch(8_192, upstreamBudget, 4)).isEqualTo(3);
    assertThat(NettyTransport.readBatch(65_507, listenerBudget, 16)).isEqualTo(4);
    assertThat(NettyTransport.readBatch(65_507, upstreamBudget, 4)).isEqualTo(1);
    // Epoll holds its read buffer only while the read's datagrams are handled: larger batches.
    int epollListener = NettyTransport.EPOLL_LISTENER_READ_BYTES;
    int epollUpstream = NettyTransport.EPOLL_UPSTREAM_READ_BYTES;
    assertThat(NettyTransport.readBatch(8_192, epollUpstream, 4)).isEqualTo(4);
    assertThat(NettyTransport.readBatch(65_507, epollListener, 16)).isEqualTo(8);
    assertThat(NettyTransport.readBatch(65_507, epollUpstream, 4)).isEqualTo(4);
  }

  @Test
  void autoPrefersEpollWhereAvailable() {
    assumeThat(Epoll.isAvailable()).as("epoll available").isTrue();
    NettyTransport t = NettyTransport.select(Transport.AUTO);
    assertThat(t.kind()).isEqualTo(Transport.EPOLL);
    assertThat(t.channelClass()).isEqualTo(EpollDatagramChannel.class);
    assertThat(t).hasToString("epoll with SO_REUSEPORT");
  }

  @Test
  void ioUringIsSelectedWhenAskedFor() {
    assumeThat(IoUring.isAvailable()).as("io_uring available").isTrue();
    NettyTransport t = NettyTransport.select(Transport.IO_URING);
    assertThat(t.name()).isEqualTo("io_uring");
    assertThat(t.channelClass()).isEqualTo(IoUringDatagramChannel.class);
    assertThat(t.reusePort()).isTrue();
  }

  @Test
  void nioIsAlwaysAvailable() {
    NettyTransport t = NettyTransport.select(Transport.NIO);
    assertThat(t.name()).isEqualTo("nio");
    assertThat(t.channelClass()).isEqualTo(NioDatagramChannel.class);
    assertThat(NettyTransport.select(false).kind()).isEqualTo(Transport.NIO);
  }
}
