package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.api.MetricsSource;
import io.github.fulcrumlb.core.metrics.InMemoryMetricsSource;
import io.github.fulcrumlb.netty.config.Affinity;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import io.github.fulcrumlb.netty.testing.EchoBackend;
import io.github.fulcrumlb.netty.testing.Poll;
import io.github.fulcrumlb.netty.testing.TrackedResources;
import io.github.fulcrumlb.netty.testing.UdpClient;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UdpBalancerTest {
  @RegisterExtension final TrackedResources resources = new TrackedResources();

  private <T extends AutoCloseable> T track(T resource) {
    return resources.track(resource);
  }

  private List<EchoBackend> echoBackends(int n) throws Exception {
    List<EchoBackend> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(track(EchoBackend.start()));
    }
    return list;
  }

  private static UdpBalancerConfig.Builder config(List<EchoBackend> backends) {
    UdpBalancerConfig.Builder b =
        UdpBalancerConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .eventLoops(2)
            .drainTimeout(Duration.ofSeconds(1));
    for (EchoBackend e : backends) {
      b.backend(Backend.parse(e.address()));
    }
    return b;
  }

  @ParameterizedTest(name = "native transport: {0}")
  @ValueSource(booleans = {true, false})
  void repliesReachTheRightClientUnderConcurrency(boolean nativeTransport) throws Exception {
    List<EchoBackend> backends = echoBackends(3);
    UdpBalancer lb =
        track(UdpBalancer.start(config(backends).nativeTransport(nativeTransport).build()));
    int clients = 24;
    int requests = 150;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int id = c;
        results.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
                    for (int i = 0; i < requests; i++) {
                      byte[] payload =
                          ("client-" + id + "-request-" + i).getBytes(StandardCharsets.UTF_8);
                      byte[] reply = client.request(payload);
                      assertThat(reply)
                          .as("reply to client %d request %d", id, i)
                          .isEqualTo(payload);
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(50, TimeUnit.SECONDS)).isEqualTo(requests);
      }
    } finally {
      pool.shutdownNow();
    }
    TrafficStats total = lb.stats().total();
    assertThat(total.requests()).isEqualTo((long) clients * requests);
    assertThat(total.replies()).isEqualTo((long) clients * requests);
    assertThat(total.sessionsActive()).isEqualTo(clients);
    assertThat(total.drops()).isZero();
    // Every backend served some sessions (p2c spreads 24 sessions over 3 backends).
    assertThat(lb.stats().backends()).allSatisfy(b -> assertThat(b.requests()).isPositive());
    // In-flight accounting is balanced: every forwarded datagram ended with its reply.
    Poll.until(
        Duration.ofSeconds(5),
        "no request in flight",
        () -> lb.loadBalancer().stats().backends().stream().allMatch(b -> b.inFlight() == 0));
    assertThat(lb.loadBalancer().stats().backends().stream().mapToLong(b -> b.completed()).sum())
        .isEqualTo((long) clients * requests);
    if (nativeTransport) {
      assertThat(lb.transport()).startsWith("epoll");
      assertThat(lb.eventLoops()).isEqualTo(2);
    }
  }

  @Test
  void perDatagramModeSpreadsOneClientOverBackends() throws Exception {
    List<EchoBackend> backends = echoBackends(3);
    UdpBalancer lb =
        track(
            UdpBalancer.start(
                config(backends).affinity(Affinity.DATAGRAM).strategy("round-robin").build()));
    try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
      for (int i = 0; i < 90; i++) {
        byte[] payload = ("request-" + i).getBytes(StandardCharsets.UTF_8);
        assertThat(client.request(payload)).isEqualTo(payload);
      }
    }
    assertThat(backends).allSatisfy(b -> assertThat(b.echoed()).isEqualTo(30));
    assertThat(lb.stats().total().sessionsActive()).isEqualTo(1);
  }

  @Test
  void hostMetricsReachTheStrategyAndItsInstanceIsExposed() throws Exception {
    List<EchoBackend> backends = echoBackends(2);
    InMemoryMetricsSource metrics = new InMemoryMetricsSource();
    long now = System.currentTimeMillis();
    String hot = Backend.parse(backends.get(0).address()).id();
    String idle = Backend.parse(backends.get(1).address()).id();
    metrics.put(hot, new HostMetrics(0.99, 0.99, 0, 0, now));
    metrics.put(idle, new HostMetrics(0.05, 0.10, 0, 0, now));
    UdpBalancer lb =
        track(
            UdpBalancer.start(
                config(backends)
                    .affinity(Affinity.DATAGRAM)
                    .strategy("least-load")
                    .metrics(metrics)
                    .build()));
    assertThat(lb.config().metrics()).containsSame(metrics);
    assertThat(lb.strategy().name()).isEqualTo("least-load");
    try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
      for (int i = 0; i < 60; i++) {
        byte[] payload = ("request-" + i).getBytes(StandardCharsets.UTF_8);
        assertThat(client.request(payload)).isEqualTo(payload);
      }
    }
    // one at a time: least-load's two choices always include the idle host, which always wins
    assertThat(backends.get(1).echoed()).isEqualTo(60);
    assertThat(backends.get(0).echoed()).isZero();
  }

  @Test
  void roundTripTimesFeedTheStrategyAsLatency() throws Exception {
    List<EchoBackend> backends = echoBackends(1);
    UdpBalancer lb = track(UdpBalancer.start(config(backends).strategy("peak-ewma").build()));
    try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
      for (int i = 0; i < 20; i++) {
        assertThat(client.request(new byte[] {(byte) i})).containsExactly((byte) i);
      }
    }
    var stats = lb.loadBalancer().stats().backends().get(0);
    assertThat(stats.completed()).isEqualTo(20);
    assertThat(stats.latencyEwmaMillis()).isPositive().isLessThan(1_000);
  }

  @Test
  void backendKilledMidRunLosesOnlyWithinTheDetectionWindow() throws Exception {
    List<EchoBackend> backends = echoBackends(3);
    UdpBalancer lb =
        track(UdpBalancer.start(config(backends).replyTimeout(Duration.ofMillis(200)).build()));
    int clients = 12;
    List<UdpClient> list = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      list.add(track(new UdpClient(lb.localAddress(), 300)));
    }
    // Phase 1: every client gets replies; sessions spread over the three backends.
    runRound(list, 5);
    EchoBackend victim = backends.stream().filter(b -> b.echoed() > 0).findFirst().orElseThrow();
    String victimId = victim.address();
    long victimSessions =
        lb.stats().backends().stream()
            .filter(b -> b.name().equals(victimId))
            .findFirst()
            .orElseThrow()
            .sessionsActive();
    assertThat(victimSessions).isPositive();
    victim.close(); // its port now answers with ICMP port unreachable
    // Phase 2: losses only while the failure is detected, then every client is answered again.
    int lost = 0;
    for (int round = 0; round < 20; round++) {
      lost += clients - runRound(list, 1);
    }
    assertThat(lost)
        .as("datagrams lost after the kill; %s; %s", lb.stats(), lb.loadBalancer().stats())
        .isLessThanOrEqualTo((int) victimSessions * 2 + 1);
    assertThat(runRound(list, 3)).isEqualTo(clients * 3);
    TrafficStats dead =
        lb.stats().backends().stream()
            .filter(b -> b.name().equals(victimId))
            .findFirst()
            .orElseThrow();
    assertThat(dead.sessionsActive()).isZero();
    assertThat(lb.stats().total().unreachable() + lb.stats().total().timeouts()).isPositive();
    // Sessions left the dead backend after one failure each; new sessions that still pick it add
    // failures until it is ejected (3 in a row).
    Poll.until(
        Duration.ofSeconds(10),
        "the dead backend ejected",
        () -> {
          try (UdpClient fresh = new UdpClient(lb.localAddress(), 50)) {
            fresh.request(new byte[] {7});
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return lb.loadBalancer().stats().backends().stream()
              .anyMatch(b -> b.id().equals(victimId) && !b.healthy());
        });
  }

  /** Each client sends {@code perClient} requests one after another; returns replies received. */
  private static int runRound(List<UdpClient> clients, int perClient) throws Exception {
    int ok = 0;
    for (int i = 0; i < perClient; i++) {
      for (UdpClient c : clients) {
        byte[] payload = ByteBuffer.allocate(8).putLong(System.nanoTime()).array();
        byte[] reply = c.request(payload);
        while (reply != null && !java.util.Arrays.equals(reply, payload)) {
          reply = c.receive(); // a late reply to an earlier request
        }
        if (reply != null) {
          ok++;
        }
      }
    }
    return ok;
  }

  @Test
  void icmpPortUnreachableRevealsAStoppedBackendLongBeforeTheReplyTimeout() throws Exception {
    List<EchoBackend> backends = echoBackends(2);
    UdpBalancer lb =
        track(
            UdpBalancer.start(
                config(backends)
                    .replyTimeout(Duration.ofSeconds(30))
                    .eventLoops(1)
                    .strategy("round-robin")
                    .build()));
    try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
      assertThat(client.request(new byte[] {1})).containsExactly(1);
      EchoBackend used = backends.get(0).echoed() == 1 ? backends.get(0) : backends.get(1);
      EchoBackend other = used == backends.get(0) ? backends.get(1) : backends.get(0);
      used.close();
      client.send(new byte[] {2}); // lost: nobody listens there any more
      Poll.until(
          Duration.ofSeconds(2),
          "ICMP port unreachable seen",
          () -> lb.stats().total().unreachable() == 1);
      assertThat(lb.stats().total().timeouts()).isZero();
      // The failure is reported at once, and the session's next datagram goes to the other backend.
      assertThat(client.request(new byte[] {3})).containsExactly(3);
      assertThat(other.echoed()).isEqualTo(1);
    }
  }

  @Test
  void ejectedBackendIsProbedBackWhenItReturns() throws Exception {
    List<EchoBackend> backends = echoBackends(2);
    EchoBackend flaky = backends.get(0);
    int flakyPort = flaky.port();
    String flakyId = flaky.address();
    UdpBalancer lb =
        track(
            UdpBalancer.start(
                config(backends)
                    .outlierDetection(
                        io.github.fulcrumlb.core.health.OutlierDetection.builder()
                            .consecutiveFailures(2)
                            .baseEjectionTime(Duration.ofMillis(300))
                            .maxEjectionPercent(50)
                            .build())
                    .refreshInterval(Duration.ofMillis(20))
                    .build()));
    flaky.close();
    Poll.until(
        Duration.ofSeconds(10),
        "the stopped backend ejected",
        () -> freshRequest(lb) && !healthy(lb, flakyId));
    EchoBackend back = track(EchoBackend.start(flakyPort)); // the same address answers again
    // After the ejection time, new sessions probe it with live traffic and it is healthy again.
    Poll.until(
        Duration.ofSeconds(10),
        "the returned backend probed and serving",
        () -> freshRequest(lb) && back.echoed() > 0 && healthy(lb, flakyId));
  }

  /** One request from a new client (a new session), answered or not; always true. */
  private static boolean freshRequest(UdpBalancer lb) {
    try (UdpClient fresh = new UdpClient(lb.localAddress(), 100)) {
      fresh.request(new byte[] {5});
      return true;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean healthy(UdpBalancer lb, String id) {
    return lb.loadBalancer().stats().backends().stream()
        .anyMatch(b -> b.id().equals(id) && b.healthy());
  }

  @Test
  void hungBackendIsEjectedByReplyTimeoutsAndSessionsMove() throws Exception {
    List<EchoBackend> backends = echoBackends(2);
    // One loop: round-robin then gives the two clients' sessions one backend each.
    UdpBalancer lb =
        track(
            UdpBalancer.start(
                config(backends)
                    .replyTimeout(Duration.ofMillis(50))
                    .strategy("round-robin")
                    .eventLoops(1)
                    .build()));
    backends.get(0).silence();
    int answered = 0;
    try (UdpClient a = new UdpClient(lb.localAddress(), 200);
        UdpClient b = new UdpClient(lb.localAddress(), 200)) {
      for (int i = 0; i < 10; i++) {
        answered += a.request(new byte[] {1}) != null ? 1 : 0;
        answered += b.request(new byte[] {2}) != null ? 1 : 0;
      }
    }
    assertThat(answered).isGreaterThanOrEqualTo(16); // two lost before the session moves
    assertThat(lb.stats().total().timeouts()).isPositive();
    assertThat(backends.get(1).echoed()).isGreaterThanOrEqualTo(16);
  }

  @Test
  void membershipChangesKeepSessionsToHealthyBackends() throws Exception {
    List<EchoBackend> backends = echoBackends(2);
    UdpBalancer lb = track(UdpBalancer.start(config(backends.subList(0, 1)).build()));
    try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
      assertThat(client.request(new byte[] {1})).containsExactly(1);
      lb.addBackend(Backend.parse(backends.get(1).address()));
      for (int i = 0; i < 10; i++) {
        assertThat(client.request(new byte[] {2})).containsExactly(2);
      }
      assertThat(backends.get(0).echoed()).isEqualTo(11); // the session stayed
      assertThat(backends.get(1).echoed()).isZero();
      lb.removeBackend(backends.get(0).address());
      Poll.until(Duration.ofSeconds(5), "removal seen", () -> lb.backends().size() == 1);
      for (int i = 0; i < 5; i++) {
        assertThat(client.request(new byte[] {3})).containsExactly(3);
      }
      assertThat(backends.get(1).echoed()).isEqualTo(5); // the session moved
    }
  }

  @Test
  void idleSessionsExpire() throws Exception {
    List<EchoBackend> backends = echoBackends(1);
    UdpBalancer lb =
        track(UdpBalancer.start(config(backends).idleTimeout(Duration.ofMillis(100)).build()));
    try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
      assertThat(client.request(new byte[] {1})).containsExactly(1);
      assertThat(lb.sessions()).isEqualTo(1);
      Poll.until(Duration.ofSeconds(5), "the idle session closed", () -> lb.sessions() == 0);
      assertThat(client.request(new byte[] {2})).containsExactly(2);
    }
    assertThat(lb.stats().total().sessionsOpened()).isEqualTo(2);
  }

  @Test
  void gracefulShutdownDrainsRepliesInFlight() throws Exception {
    List<EchoBackend> backends = echoBackends(1);
    UdpBalancer lb = UdpBalancer.start(config(backends).build());
    try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
      assertThat(client.request(new byte[] {1})).containsExactly(1);
      assertThat(lb.shutdown(Duration.ofSeconds(2))).isTrue();
      assertThat(lb.draining()).isTrue();
      client.send(new byte[] {2});
    }
    assertThat(lb.stats().total().replies()).isEqualTo(1);
    lb.close(); // idempotent
  }

  @Test
  void shutdownRelaysRepliesStillInFlightBeforeClosing() throws Exception {
    List<EchoBackend> backends = echoBackends(1);
    backends.get(0).delay(300);
    UdpBalancer lb = UdpBalancer.start(config(backends).build());
    try (UdpClient client = new UdpClient(lb.localAddress(), 3_000)) {
      client.send(new byte[] {9});
      Poll.until(Duration.ofSeconds(5), "the request forwarded", () -> lb.pendingRequests() == 1);
      long start = System.nanoTime();
      assertThat(lb.shutdown(Duration.ofSeconds(5))).as("drained").isTrue();
      assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(4).toNanos());
      assertThat(client.receive()).containsExactly(9); // relayed during the drain
    }
    assertThat(lb.stats().total().replies()).isEqualTo(1);
  }

  @Test
  void drainGivesUpAtItsDeadline() throws Exception {
    List<EchoBackend> backends = echoBackends(1);
    backends.get(0).silence();
    UdpBalancer lb =
        UdpBalancer.start(config(backends).replyTimeout(Duration.ofSeconds(30)).build());
    try (UdpClient client = new UdpClient(lb.localAddress(), 3_000)) {
      client.send(new byte[] {9});
      Poll.until(Duration.ofSeconds(5), "the request forwarded", () -> lb.pendingRequests() == 1);
      assertThat(lb.shutdown(Duration.ofMillis(100))).as("drained").isFalse();
    }
  }

  @Test
  void portInUseIsAClearError() throws Exception {
    List<EchoBackend> backends = echoBackends(1);
    UdpBalancer first = track(UdpBalancer.start(config(backends).build()));
    int port = first.localAddress().getPort();
    assertThatThrownBy(
            () ->
                UdpBalancer.start(
                    config(backends).listen(new InetSocketAddress("127.0.0.1", port)).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("already in use");
  }

  @Test
  void unresolvableBackendIsAClearError() {
    assertThatThrownBy(
            () ->
                UdpBalancer.start(
                    UdpBalancerConfig.builder()
                        .listen(new InetSocketAddress("127.0.0.1", 0))
                        .backend(Backend.parse("no-such-host.invalid:53"))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot resolve host \"no-such-host.invalid\"");
  }

  @Test
  void noBackendsIsAClearError() {
    assertThatThrownBy(
            () -> UdpBalancerConfig.builder().listen(new InetSocketAddress("127.0.0.1", 0)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No backends");
  }

  @Test
  void unknownStrategyIsAClearError() throws Exception {
    List<EchoBackend> backends = echoBackends(1);
    assertThatThrownBy(() -> UdpBalancer.start(config(backends).strategy("nope").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown strategy \"nope\"");
  }

  @Test
  void leastLoadSendsAlmostNoDatagramsToAHotHostAndLeavesTheSourceOpen() throws Exception {
    List<EchoBackend> backends = echoBackends(2);
    EchoBackend hot = backends.get(0);
    EchoBackend cool = backends.get(1);
    InMemoryMetricsSource samples = new InMemoryMetricsSource();
    long now = System.currentTimeMillis();
    samples.put(hot.address(), new HostMetrics(0.97, 0.80, 9e7, 9e7, now));
    samples.put(cool.address(), new HostMetrics(0.20, 0.30, 1e6, 1e6, now));
    AtomicBoolean sourceClosed = new AtomicBoolean();
    MetricsSource source = new MetricsSource() { // records whether the balancer closed it
          @Override
          public Map<String, HostMetrics> latest() {
            return samples.latest();
          }

          @Override
          public Subscription subscribe(Runnable listener) {
            return samples.subscribe(listener);
          }

          @Override
          public void close() {
            sourceClosed.set(true);
          }
        };
    UdpBalancer lb =
        UdpBalancer.start(
            config(backends)
                .affinity(Affinity.DATAGRAM)
                .strategy("least-load")
                .metrics(source)
                .build());
    assertThat(lb.config().metrics()).containsSame(source);
    int datagrams = 300;
    try (UdpClient client = new UdpClient(lb.localAddress(), 2_000)) {
      for (int i = 0; i < datagrams; i++) {
        byte[] payload = ("request-" + i).getBytes(StandardCharsets.UTF_8);
        assertThat(client.request(payload)).isEqualTo(payload);
      }
    } finally {
      lb.close();
    }
    assertThat(hot.echoed() + cool.echoed()).isEqualTo(datagrams);
    assertThat(hot.echoed()).as("datagrams to the hot host").isLessThan(datagrams / 20);
    assertThat(sourceClosed).as("the balancer leaves the source to its owner").isFalse();
  }
}
