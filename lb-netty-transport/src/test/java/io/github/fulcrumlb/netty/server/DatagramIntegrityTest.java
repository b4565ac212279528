package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.config.Affinity;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import io.github.fulcrumlb.netty.testing.EchoBackend;
import io.github.fulcrumlb.netty.testing.LeakChecks;
import io.github.fulcrumlb.netty.testing.Poll;
import io.github.fulcrumlb.netty.testing.UdpClient;
import io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Datagrams of every size UDP carries arrive whole or not at all, both ways, and are counted. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatagramIntegrityTest {
  @AfterEach
  void noLeaks() {
    LeakChecks.assertNoLeaks();
  }

  private static UdpBalancerConfig.Builder config(EchoBackend backend) {
    return UdpBalancerConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .backend(Backend.parse(backend.address()))
        .eventLoops(1)
        .drainTimeout(Duration.ofSeconds(1));
  }

  private static byte[] payload(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @ParameterizedTest(name = "{0} bytes, {1}, epoll {2}")
  @CsvSource({
    "0, SESSION, true",
    "0, DATAGRAM, true",
    "1, SESSION, true",
    "1, DATAGRAM, true",
    "1, SESSION, false",
    "1472, SESSION, true",
    "1472, DATAGRAM, true",
    "1472, SESSION, false",
    "8192, SESSION, true",
    "8192, DATAGRAM, true",
    "8192, DATAGRAM, false",
    "9000, SESSION, true",
    "9000, DATAGRAM, true",
    "9000, SESSION, false",
    "65507, SESSION, true",
    "65507, DATAGRAM, true",
    "65507, SESSION, false",
    "65507, DATAGRAM, false"
  })
  void datagramsAreRelayedIntactBothWays(int size, Affinity affinity, boolean epoll)
      throws Exception {
    if (epoll) {
      assertThat(Epoll.isAvailable()).as("epoll on this Linux machine").isTrue();
    }
    try (EchoBackend backend = EchoBackend.start();
        UdpBalancer lb =
            UdpBalancer.start(config(backend).affinity(affinity).nativeTransport(epoll).build());
        UdpClient client = new UdpClient(lb.localAddress(), 5_000)) {
      for (int i = 0; i < 3; i++) { // the first datagram opens the session, the others reuse it
        byte[] sent = payload(size, 31L * size + i);
        assertThat(client.request(sent)).as("reply %d of %d bytes", i, size).isEqualTo(sent);
      }
      Poll.until(
          Duration.ofSeconds(5), "3 replies counted", () -> lb.stats().total().replies() == 3);
      TrafficStats total = lb.stats().total();
      assertThat(total.requests()).isEqualTo(3);
      assertThat(total.requestBytes()).isEqualTo(3L * size);
      assertThat(total.replyBytes()).isEqualTo(3L * size);
      assertThat(total.drops() + total.oversize() + total.timeouts()).isZero();
      assertThat(total.unaccounted()).isZero();
      assertThat(backend.echoed()).isEqualTo(3);
    }
  }

  @Test
  void emptyDatagramsAreDroppedAndCountedOnNio() throws Exception {
    try (EchoBackend backend = EchoBackend.start();
        UdpBalancer lb = UdpBalancer.start(config(backend).nativeTransport(false).build());
        UdpClient client = new UdpClient(lb.localAddress(), 200)) {
      assertThat(client.request(new byte[0])).isNull();
      Poll.until(Duration.ofSeconds(5), "a drop", () -> lb.stats().total().drops() == 1);
      assertThat(lb.stats().total().unaccounted()).isZero();
      assertThat(client.request(new byte[] {7})).containsExactly(7);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"SESSION", "DATAGRAM"})
  void requestsLargerThanTheLimitAreDroppedWholeAndCounted(Affinity affinity) throws Exception {
    try (EchoBackend backend = EchoBackend.start();
        UdpBalancer lb =
            UdpBalancer.start(config(backend).affinity(affinity).maxDatagramSize(1000).build());
        UdpClient client = new UdpClient(lb.localAddress(), 300)) {
      assertThat(client.request(payload(1001, 1))).isNull();
      assertThat(client.request(payload(9000, 2))).isNull();
      byte[] fits = payload(1000, 3);
      assertThat(client.request(fits)).isEqualTo(fits);
      assertThat(backend.received()).isEqualTo(1); // the large ones never reached it, cut or whole
      TrafficStats total = lb.stats().total();
      assertThat(total.oversize()).isEqualTo(2);
      assertThat(total.drops()).isEqualTo(2);
      assertThat(total.requests()).isEqualTo(3);
      assertThat(total.unaccounted()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"SESSION", "DATAGRAM"})
  void repliesLargerThanTheLimitAreDroppedWholeAndEndTheirRequest(Affinity affinity)
      throws Exception {
    try (EchoBackend backend = EchoBackend.start();
        UdpBalancer lb =
            UdpBalancer.start(config(backend).affinity(affinity).maxDatagramSize(1000).build());
        UdpClient client = new UdpClient(lb.localAddress(), 300)) {
      backend.replyWith(payload(1001, 4));
      assertThat(client.request(new byte[] {1})).isNull();
      Poll.until(
          Duration.ofSeconds(5), "the oversize reply", () -> lb.stats().total().oversize() == 1);
      TrafficStats total = lb.stats().total();
      assertThat(total.replies()).isZero();
      assertThat(total.drops()).isEqualTo(1); // its request ends at once, not by a timeout
      assertThat(total.timeouts()).isZero();
      assertThat(total.droppedReplies()).isEqualTo(1);
      assertThat(total.unaccounted()).isZero();
      assertThat(total.inFlight()).isZero();
    }
  }
}
