package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fulcrumlb.netty.testing.LeakChecks;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pooled envelope on real datagram channels (NIO, and epoll where available): its payload is
 * released exactly once whether the write succeeds, fails or is abandoned by a closing channel, and
 * the envelope then carries the next datagram.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatagramEnvelopeTest {
  private EventLoopGroup group;
  private Channel sender;
  private DatagramSocket receiver;

  @AfterEach
  void close() throws Exception {
    if (sender != null) {
      sender.close().sync();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
    if (receiver != null) {
      receiver.close();
    }
    LeakChecks.assertNoLeaks();
  }

  /** A direct buffer that counts the calls to release and its deallocations. */
  private static final class CountingBuffer extends UnpooledUnsafeDirectByteBuf {
    final AtomicInteger releases = new AtomicInteger();
    final AtomicInteger deallocations = new AtomicInteger();

    CountingBuffer(String payload) {
      super(UnpooledByteBufAllocator.DEFAULT, payload.length(), payload.length());
      writeCharSequence(payload, StandardCharsets.US_ASCII);
    }

    @Override
    public boolean release() {
      releases.incrementAndGet();
      return super.release();
    }

    @Override
    public boolean release(int decrement) {
      releases.incrementAndGet();
      return super.release(decrement);
    }

    @Override
    protected void deallocate() {
      deallocations.incrementAndGet();
      super.deallocate();
    }
  }

  private void start(String transport) throws Exception {
    Class<? extends Channel> type;
    if (transport.equals("epoll")) {
      assumeTrue(Epoll.isAvailable(), "epoll is not available here");
      group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
      type = EpollDatagramChannel.class;
    } else {
      group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      type = NioDatagramChannel.class;
    }
    sender =
        new Bootstrap()
            .group(group)
            .channel(type)
            .handler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    // failed writes with a void promise end here, as on the balancer's listener
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    receiver.setSoTimeout(5_000);
  }

  private InetSocketAddress receiverAddress() {
    return (InetSocketAddress) receiver.getLocalSocketAddress();
  }

  /** Runs {@code task} on the sender's event loop, where the balancer takes its envelopes. */
  private <T> T onLoop(Callable<T> task) throws Exception {
    return sender.eventLoop().submit(task).get(10, TimeUnit.SECONDS);
  }

  private String receive() throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[256], 256);
    receiver.receive(p);
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
  }

  @Test
  void releaseThatFreesThePayloadReturnsTheEnvelopeToThePool() throws Exception {
    start("nio");
    CountingBuffer first = new CountingBuffer("a");
    CountingBuffer second = new CountingBuffer("b");
    InetSocketAddress to = receiverAddress();
    onLoop(
        () -> {
          DatagramEnvelope e = DatagramEnvelope.of(first, to);
          assertThat(e.retain().refCnt()).isEqualTo(2);
          assertThat(e.release()).isFalse(); // the payload is still referenced: not recycled
          assertThat(first.deallocations).hasValue(0);
          assertThat(e.content()).isSameAs(first);
          assertThat(e.release()).isTrue();
          assertThat(first.releases).hasValue(2);
          assertThat(first.deallocations).hasValue(1);
          DatagramEnvelope next = DatagramEnvelope.of(second, to);
          assertThat(next).isSameAs(e);
          assertThat(next.content()).isSameAs(second);
          assertThat(next.recipient()).isSameAs(to);
          assertThat(next.release()).isTrue();
          return null;
        });
    assertThat(second.deallocations).hasValue(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nio", "epoll"})
  void writtenPayloadIsReleasedOnceAndItsEnvelopeCarriesTheNextDatagram(String transport)
      throws Exception {
    start(transport);
    InetSocketAddress to = receiverAddress();
    Set<DatagramEnvelope> envelopes = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < 20; i++) {
      CountingBuffer payload = new CountingBuffer("datagram " + i);
      ChannelFuture written =
          onLoop(
              () -> {
                DatagramEnvelope e = DatagramEnvelope.of(payload, to);
                envelopes.add(e);
                return sender.writeAndFlush(e);
              });
      assertThat(written.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(written.isSuccess()).as("write %d", i).isTrue();
      assertThat(receive()).isEqualTo("datagram " + i);
      assertThat(payload.releases).as("releases of payload %d", i).hasValue(1);
      assertThat(payload.deallocations).as("deallocations of payload %d", i).hasValue(1);
    }
    assertThat(envelopes).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nio", "epoll"})
  void failedAndAbandonedWritesReleaseThePayloadOnce(String transport) throws Exception {
    start(transport);
    List<CountingBuffer> payloads = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      payloads.add(new CountingBuffer("p" + i));
    }
    InetSocketAddress unresolved = InetSocketAddress.createUnresolved("unresolved.invalid", 9);
    InetSocketAddress portZero = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    InetSocketAddress to = receiverAddress();
    Set<DatagramEnvelope> envelopes = Collections.newSetFromMap(new IdentityHashMap<>());
    List<ChannelFuture> writes =
        onLoop(
            () -> {
              List<ChannelFuture> list = new ArrayList<>();
              // Rejected before queueing (the channel's message filter throws).
              DatagramEnvelope e = DatagramEnvelope.of(payloads.get(0), unresolved);
              envelopes.add(e);
              list.add(sender.writeAndFlush(e));
              // Refused by the kernel (no datagram to port 0).
              e = DatagramEnvelope.of(payloads.get(1), portZero);
              envelopes.add(e);
              list.add(sender.writeAndFlush(e));
              // Queued, never flushed, then the channel closes.
              for (int i = 2; i < 5; i++) {
                e = DatagramEnvelope.of(payloads.get(i), to);
                envelopes.add(e);
                list.add(sender.write(e));
              }
              sender.close();
              // Written to the closed channel.
              e = DatagramEnvelope.of(payloads.get(5), to);
              envelopes.add(e);
              list.add(sender.writeAndFlush(e));
              return list;
            });
    for (int i = 0; i < writes.size(); i++) {
      assertThat(writes.get(i).await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(writes.get(i).isSuccess()).as("write %d", i).isFalse();
    }
    for (int i = 0; i < payloads.size(); i++) {
      assertThat(payloads.get(i).releases).as("releases of payload %d", i).hasValue(1);
      assertThat(payloads.get(i).deallocations).as("deallocations of payload %d", i).hasValue(1);
    }
    // Every envelope went back to the pool: the next one is one of them.
    DatagramEnvelope next = onLoop(() -> DatagramEnvelope.of(new CountingBuffer("x"), to));
    assertThat(envelopes).contains(next);
    assertThat(next.release()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nio", "epoll"})
  void pooledPayloadsWrittenAsTheBalancerDoesLeakNothing(String transport) throws Exception {
    start(transport);
    InetSocketAddress to = receiverAddress();
    int datagrams = 200;
    ChannelFuture last =
        onLoop(
            () -> {
              for (int i = 0; i < datagrams - 1; i++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                b.writeInt(i);
                sender.write(DatagramEnvelope.of(b, to), sender.voidPromise());
              }
              ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
              b.writeInt(datagrams - 1);
              return sender.writeAndFlush(DatagramEnvelope.of(b, to));
            });
    assertThat(last.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(last.isSuccess()).isTrue();
    // Some queued and never flushed when the channel closes.
    onLoop(
            () -> {
              for (int i = 0; i < 10; i++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                b.writeInt(i);
                sender.write(DatagramEnvelope.of(b, to), sender.voidPromise());
              }
              return sender.close();
            })
        .await(5, TimeUnit.SECONDS);
    // leak checks in close()
  }
}
