package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.config.Transport;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import io.github.fulcrumlb.netty.testing.EchoBackend;
import io.github.fulcrumlb.netty.testing.Poll;
import io.github.fulcrumlb.netty.testing.TrackedResources;
import io.github.fulcrumlb.netty.testing.UdpClient;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every transport relays bursts intact: each client sends a burst before reading, so that the
 * listener reads several datagrams at once (recvmmsg), a session's upstream socket gets several
 * writes per flush (sendmmsg) and several replies per read, and replies leave in batches.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EveryTransportRelaysTest {
  private static final int CLIENTS = 6;
  private static final int BURSTS = 20;
  private static final int BURST = 8;
  private static final int[] SIZES = {1, 24, 64, 512, 1_472, 4_000, 8_192};

  @RegisterExtension final TrackedResources resources = new TrackedResources();

  private <T extends AutoCloseable> T track(T resource) {
    return resources.track(resource);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Transport.class,
      names = {"EPOLL", "IO_URING", "NIO"})
  void burstsOfEverySizeComeBackIntactToTheirClient(Transport transport) throws Exception {
    assumeThat(available(transport)).as(transport + " available here").isTrue();
    UdpBalancerConfig.Builder config =
        UdpBalancerConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .transport(transport)
            .eventLoops(2)
            .strategy("round-robin")
            .drainTimeout(Duration.ofSeconds(1));
    for (int i = 0; i < 2; i++) {
      config.backend(Backend.parse(track(EchoBackend.start()).address()));
    }
    UdpBalancer lb = track(UdpBalancer.start(config.build()));
    assertThat(lb.transport())
        .startsWith(
            transport == Transport.IO_URING
                ? "io_uring"
                : transport.name().toLowerCase(java.util.Locale.ROOT));

    Random random = new Random(14);
    List<UdpClient> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(track(new UdpClient(lb.localAddress(), 5_000)));
    }
    long sent = 0;
    for (int burst = 0; burst < BURSTS; burst++) {
      List<List<ByteBuffer>> expected = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        List<ByteBuffer> outstanding = new ArrayList<>(); // a multiset: 1-byte payloads repeat
        for (int i = 0; i < BURST; i++) {
          byte[] payload = payload(c, burst, i, SIZES[(burst + i) % SIZES.length], random);
          outstanding.add(ByteBuffer.wrap(payload));
          clients.get(c).send(payload);
          sent++;
        }
        expected.add(outstanding);
      }
      for (int c = 0; c < CLIENTS; c++) {
        List<ByteBuffer> outstanding = expected.get(c);
        while (!outstanding.isEmpty()) {
          byte[] reply = clients.get(c).receive();
          assertThat(reply).as("reply to client %d in burst %d", c, burst).isNotNull();
          assertThat(outstanding.remove(ByteBuffer.wrap(reply)))
              .as("client %d got one of its own datagrams back, intact (%d bytes)", c, reply.length)
              .isTrue();
        }
      }
    }
    long total = sent;
    Poll.until(
        Duration.ofSeconds(5), "every reply counted", () -> lb.stats().total().replies() == total);
    TrafficStats stats = lb.stats().total();
    assertThat(stats.requests()).isEqualTo(sent);
    assertThat(stats.replies()).isEqualTo(sent);
    assertThat(stats.drops()).isZero();
  }

  private static boolean available(Transport t) {
    switch (t) {
      case EPOLL:
        return Epoll.isAvailable();
      case IO_URING:
        return IoUring.isAvailable();
      default:
        return true;
    }
  }

  /** Client, burst and index in the first bytes (so every datagram differs), random bytes after. */
  private static byte[] payload(int client, int burst, int index, int size, Random random) {
    byte[] p = new byte[size];
    random.nextBytes(p);
    byte[] id = {(byte) client, (byte) burst, (byte) index};
    System.arraycopy(id, 0, p, 0, Math.min(id.length, size));
    return p;
  }
}
