package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.config.ActiveHealthCheck;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import io.github.fulcrumlb.netty.testing.EchoBackend;
import io.github.fulcrumlb.netty.testing.Poll;
import io.github.fulcrumlb.netty.testing.TrackedResources;
import io.github.fulcrumlb.netty.testing.UdpClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Active health checks take backends out of new sessions and back; removed ones drain as lame
 * ducks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackendLifecycleTest {
  @RegisterExtension final TrackedResources resources = new TrackedResources();

  private <T extends AutoCloseable> T track(T resource) {
    return resources.track(resource);
  }

  private static UdpBalancerConfig.Builder config(EchoBackend... backends) {
    UdpBalancerConfig.Builder b =
        UdpBalancerConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .eventLoops(1)
            .strategy("round-robin")
            .drainTimeout(Duration.ofSeconds(1));
    for (EchoBackend e : backends) {
      b.backend(Backend.parse(e.address()));
    }
    return b;
  }

  private static long requestsTo(UdpBalancer lb, EchoBackend backend) {
    return lb.stats().backends().stream()
        .filter(s -> s.name().equals(backend.address()))
        .mapToLong(TrafficStats::requests)
        .sum();
  }

  /** Ten new sessions (one-shot clients), each answered. */
  private static void newSessions(UdpBalancer lb) throws Exception {
    for (int i = 0; i < 10; i++) {
      try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
        assertThat(client.request(new byte[] {(byte) i})).containsExactly(i);
      }
    }
  }

  @Test
  void anActiveCheckTakesAFailingBackendOutOfNewSessionsAndReadmitsIt() throws Exception {
    EchoBackend a = track(EchoBackend.start());
    EchoBackend b = track(EchoBackend.start());
    byte[] ping = "health?".getBytes(StandardCharsets.UTF_8);
    UdpBalancer lb =
        track(
            UdpBalancer.start(
                config(a, b)
                    .activeHealthCheck(
                        ActiveHealthCheck.builder(ping)
                            .expected(ping, ActiveHealthCheck.Match.EXACT)
                            .interval(Duration.ofMillis(50))
                            .timeout(Duration.ofMillis(500))
                            .rise(2)
                            .fall(2)
                            .build())
                    .build()));
    newSessions(lb);
    assertThat(requestsTo(lb, b)).as("round-robin gives b half the sessions").isEqualTo(5);

    b.replyWith("sick".getBytes(StandardCharsets.UTF_8)); // answers, but not what the check wants
    Poll.until(
        Duration.ofSeconds(10),
        "b failing its checks",
        () -> lb.stats().failingActiveChecks().contains(b.address()));
    long before = requestsTo(lb, b);
    newSessions(lb); // each answered by its echo: none went to b, which would answer "sick"
    assertThat(requestsTo(lb, b))
        .as("no new session to a backend failing its checks")
        .isEqualTo(before);
    assertThat(lb.loadBalancer().stats().backends())
        .as("held out by the active check, not ejected by passive health")
        .allSatisfy(s -> assertThat(s.healthy()).isTrue());

    b.replyWith(null);
    Poll.until(
        Duration.ofSeconds(10), "b readmitted", () -> lb.stats().failingActiveChecks().isEmpty());
    newSessions(lb);
    assertThat(requestsTo(lb, b)).as("b gets new sessions again").isGreaterThan(before);
  }

  @Test
  void aRemovedBackendKeepsItsSessionsForTheLameDuckTimeoutThenTheyClose() throws Exception {
    EchoBackend a = track(EchoBackend.start());
    EchoBackend b = track(EchoBackend.start());
    UdpBalancer lb =
        track(UdpBalancer.start(config(a).lameDuckTimeout(Duration.ofSeconds(2)).build()));
    try (UdpClient established = new UdpClient(lb.localAddress(), 2_000)) {
      assertThat(established.request(new byte[] {1})).containsExactly(1);
      lb.addBackend(Backend.parse(b.address()));
      assertThat(lb.removeBackend(a.address())).isTrue();
      assertThat(established.request(new byte[] {2})).containsExactly(2);
      assertThat(a.echoed()).as("the established session stays on the lame duck").isEqualTo(2);
      try (UdpClient fresh = new UdpClient(lb.localAddress(), 2_000)) {
        assertThat(fresh.request(new byte[] {3})).containsExactly(3);
      }
      assertThat(b.echoed()).as("a new session goes to a member").isEqualTo(1);
      Poll.until(
          Duration.ofSeconds(10), "the lame duck's session closed", () -> lb.sessions() == 1);
      assertThat(established.request(new byte[] {4})).containsExactly(4);
      assertThat(a.echoed()).isEqualTo(2);
      assertThat(b.echoed()).isEqualTo(2);
    }
    assertThat(lb.stats().total().unaccounted()).isZero();
  }

  @Test
  void withoutALameDuckTimeoutSessionsOfARemovedBackendMoveAtOnce() throws Exception {
    EchoBackend a = track(EchoBackend.start());
    EchoBackend b = track(EchoBackend.start());
    UdpBalancer lb = track(UdpBalancer.start(config(a, b).build()));
    try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
      assertThat(client.request(new byte[] {1})).containsExactly(1);
      EchoBackend first = a.echoed() == 1 ? a : b;
      EchoBackend other = first == a ? b : a;
      lb.removeBackend(first.address());
      assertThat(client.request(new byte[] {2})).containsExactly(2);
      assertThat(other.echoed()).isEqualTo(1);
    }
  }
}
