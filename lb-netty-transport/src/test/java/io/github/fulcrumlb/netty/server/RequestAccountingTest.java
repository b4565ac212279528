package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.config.Affinity;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import io.github.fulcrumlb.netty.testing.EchoBackend;
import io.github.fulcrumlb.netty.testing.Poll;
import io.github.fulcrumlb.netty.testing.TrackedResources;
import io.github.fulcrumlb.netty.testing.UdpClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every request datagram ends as exactly one of reply, timeout, drop or unreachable, so the
 * counters balance; a backend that stops answering is found out by its timeouts; a drain ends as
 * soon as nothing is in flight.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestAccountingTest {
  @RegisterExtension final TrackedResources resources = new TrackedResources();

  private <T extends AutoCloseable> T track(T resource) {
    return resources.track(resource);
  }

  private UdpBalancerConfig.Builder config(EchoBackend... backends) {
    UdpBalancerConfig.Builder b =
        UdpBalancerConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .eventLoops(2)
            .replyTimeout(Duration.ofMillis(100))
            .drainTimeout(Duration.ofSeconds(1));
    for (EchoBackend e : backends) {
      b.backend(Backend.parse(e.address()));
    }
    return b;
  }

  private static void assertBalanced(TrafficStats s) {
    assertThat(s.requests())
        .as("%s: requests = replies + timeouts + drops + unreachable + in flight", s)
        .isEqualTo(s.replies() + s.timeouts() + s.drops() + s.unreachable() + s.inFlight());
    assertThat(s.unaccounted()).isZero();
  }

  /** One-shot clients (a fresh source port per datagram) and long-lived ones, then quiet. */
  private static void sendTraffic(UdpBalancer lb) throws Exception {
    for (int i = 0; i < 30; i++) {
      try (UdpClient oneShot = new UdpClient(lb.localAddress(), 1)) {
        oneShot.send(new byte[] {(byte) i});
      }
    }
    try (UdpClient a = new UdpClient(lb.localAddress(), 300);
        UdpClient b = new UdpClient(lb.localAddress(), 300)) {
      for (int i = 0; i < 15; i++) {
        a.request(new byte[] {1, (byte) i});
        b.request(new byte[] {2, (byte) i});
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Affinity.class)
  void countersBalanceAfterARunWithAStoppedBackend(Affinity affinity) throws Exception {
    EchoBackend good = track(EchoBackend.start());
    EchoBackend stopped = track(EchoBackend.start());
    stopped.silence();
    // A reply timeout long enough that no echo from the good backend arrives after it.
    UdpBalancer lb =
        track(
            UdpBalancer.start(
                config(good, stopped)
                    .affinity(affinity)
                    .strategy("round-robin")
                    .replyTimeout(Duration.ofSeconds(1))
                    .build()));
    sendTraffic(lb);
    Poll.until(
        Duration.ofSeconds(10),
        "nothing in flight",
        () -> lb.stats().total().inFlight() == 0 && lb.pendingRequests() == 0);
    TrafficStats total = lb.stats().total();
    assertThat(total.requests()).isEqualTo(60);
    assertThat(total.timeouts()).as("requests to the stopped backend time out").isPositive();
    assertThat(total.replies()).isEqualTo(good.echoed());
    assertThat(total.timeouts() + total.drops()).isEqualTo(60 - good.echoed());
    assertBalanced(total);
    for (TrafficStats b : lb.stats().backends()) {
      assertBalanced(b);
    }
    assertThat(lb.stats().backends().stream().mapToLong(TrafficStats::requests).sum())
        .isEqualTo(
            total.requests()
                - (total.drops()
                    - lb.stats().backends().stream().mapToLong(TrafficStats::drops).sum()));
  }

  @Test
  void theFirstDatagramOfASessionTimesOut() throws Exception {
    EchoBackend stopped = track(EchoBackend.start());
    stopped.silence();
    UdpBalancer lb = track(UdpBalancer.start(config(stopped).build()));
    try (UdpClient client = new UdpClient(lb.localAddress(), 1)) {
      client.send(new byte[] {1});
    }
    Poll.until(Duration.ofSeconds(10), "a timeout", () -> lb.stats().total().timeouts() == 1);
    assertThat(lb.pendingRequests()).isZero();
    assertBalanced(lb.stats().total());
    assertThat(lb.loadBalancer().stats().backends().get(0).failed()).isEqualTo(1);
  }

  @Test
  void aRequestForwardedRightAfterItsSessionMovedStillTimesOut() throws Exception {
    EchoBackend a = track(EchoBackend.start());
    EchoBackend b = track(EchoBackend.start());
    a.silence();
    b.silence();
    // A reply timeout far longer than the steps below: the first request must not time out first.
    UdpBalancer lb =
        track(
            UdpBalancer.start(config(a).eventLoops(1).replyTimeout(Duration.ofSeconds(2)).build()));
    try (UdpClient client = new UdpClient(lb.localAddress(), 1)) {
      client.send(new byte[] {1}); // awaits a's reply
      Poll.until(Duration.ofSeconds(5), "forwarded to a", () -> a.received() == 1);
      lb.addBackend(Backend.parse(b.address()));
      lb.removeBackend(a.address());
      client.send(new byte[] {2}); // the session moves to b; the request to a is given up
      Poll.until(Duration.ofSeconds(5), "forwarded to b", () -> b.received() == 1);
    }
    Poll.until(
        Duration.ofSeconds(10),
        "the request to b timed out",
        () -> lb.stats().total().timeouts() == 1);
    TrafficStats total = lb.stats().total();
    assertThat(total.drops()).isEqualTo(1);
    assertThat(total.inFlight()).isZero();
    assertBalanced(total);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Affinity.class)
  void aHungBackendIsEjectedByItsTimeouts(Affinity affinity) throws Exception {
    EchoBackend good = track(EchoBackend.start());
    EchoBackend hung = track(EchoBackend.start());
    UdpBalancer lb =
        track(
            UdpBalancer.start(
                config(good, hung).affinity(affinity).strategy("round-robin").build()));
    hung.silence(); // as SIGSTOP: receives, never answers, no ICMP
    for (int i = 0; i < 12; i++) { // one-shot clients: every session's first datagram
      try (UdpClient oneShot = new UdpClient(lb.localAddress(), 1)) {
        oneShot.send(new byte[] {(byte) i});
      }
    }
    Poll.until(
        Duration.ofSeconds(10),
        "the hung backend ejected",
        () ->
            lb.loadBalancer().stats().backends().stream()
                .anyMatch(b -> b.id().equals(hung.address()) && !b.healthy()));
    long before = hung.received();
    try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
      for (int i = 0; i < 5; i++) {
        assertThat(client.request(new byte[] {9})).containsExactly(9);
      }
    }
    assertThat(hung.received()).as("no datagram to the ejected backend").isEqualTo(before);
  }

  @Test
  void drainReturnsAtOnceWhenIdle() throws Exception {
    EchoBackend backend = track(EchoBackend.start());
    UdpBalancer lb = UdpBalancer.start(config(backend).build());
    try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
      assertThat(client.request(new byte[] {1})).containsExactly(1);
    }
    long start = System.nanoTime();
    assertThat(lb.shutdown(Duration.ofSeconds(60))).as("drained").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Affinity.class)
  void drainEndsWhenTheLastRequestTimesOutNotAtItsDeadline(Affinity affinity) throws Exception {
    EchoBackend stopped = track(EchoBackend.start());
    stopped.silence();
    // Long enough for both requests to be in flight together, far shorter than the drain deadline.
    UdpBalancer lb =
        UdpBalancer.start(
            config(stopped).affinity(affinity).replyTimeout(Duration.ofSeconds(2)).build());
    try (UdpClient client = new UdpClient(lb.localAddress(), 1)) {
      client.send(new byte[0]); // empty, first of its session: both once held the drain
      client.send(new byte[] {1});
      Poll.until(Duration.ofSeconds(5), "both forwarded", () -> lb.stats().total().inFlight() == 2);
    }
    long start = System.nanoTime();
    assertThat(lb.shutdown(Duration.ofSeconds(60))).as("drained").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(lb.stats().total().timeouts()).isEqualTo(2);
    assertBalanced(lb.stats().total());
  }
}
