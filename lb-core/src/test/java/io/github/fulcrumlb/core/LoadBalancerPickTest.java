package io.github.fulcrumlb.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.NoBackendAvailableException;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadBalancerPickTest {
  private static final Backend A = Backend.of("a", "10.0.0.1", 80);
  private static final Backend B = Backend.of("b", "10.0.0.2", 80);

  private final ManualTimeSource time = new ManualTimeSource();
  private final RecordingStrategy strategy = new RecordingStrategy();
  private LoadBalancer lb;

  private LoadBalancer balancer(List<Backend> backends) {
    lb =
        LoadBalancer.builder()
            .backends(backends)
            .strategy(strategy)
            .time(time)
            .random(new SeededRandomSource(1))
            .manualRefresh()
            .build();
    return lb;
  }

  @AfterEach
  void closeBalancer() {
    if (lb != null) {
      lb.close();
    }
  }

  @Test
  void pickCountsTheRequestInFlightUntilItIsReported() {
    balancer(List.of(A, B));
    Endpoint e = lb.pick(1); // key 1 -> index 1 -> b
    assertThat(e.id()).isEqualTo("b");
    assertThat(e.load().inFlight()).isEqualTo(1);

    lb.report(e, 5_000_000, true);
    assertThat(e.load().inFlight()).isZero();
    assertThat(e.load().completed()).isEqualTo(1);
    assertThat(e.load().latencyEwmaNanos()).isEqualTo(5_000_000.0);
    assertThat(strategy.outcomes()).isEqualTo(1);
  }

  @Test
  void cancelReleasesTheRequestWithoutCountingAnOutcome() {
    balancer(List.of(A));
    Endpoint e = lb.pick();
    lb.cancel(e);
    assertThat(e.load().inFlight()).isZero();
    assertThat(e.load().completed()).isZero();
    assertThat(strategy.outcomes()).isZero();
  }

  @Test
  void executeReportsASuccessWithTheLatencyMeasuredOnTheTimeSource() throws Exception {
    balancer(List.of(A));
    String result =
        lb.execute(
            backend -> {
              assertThat(backend).isEqualTo(A);
              assertThat(lb.stats().backends().get(0).inFlight()).isEqualTo(1);
              time.advance(Duration.ofMillis(7));
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    BackendStats a = lb.stats().backend("a").orElseThrow();
    assertThat(a.inFlight()).isZero();
    assertThat(a.completed()).isEqualTo(1);
    assertThat(a.failed()).isZero();
    assertThat(a.latencyEwmaMillis()).isEqualTo(7.0);
  }

  @Test
  void executeReportsAFailureAndRethrowsTheOriginalException() {
    balancer(List.of(A));
    IOException checked = new IOException("connection refused");
    IllegalStateException unchecked = new IllegalStateException("bad reply");
    assertThatThrownBy(
            () ->
                lb.execute(
                    backend -> {
                      throw checked;
                    }))
        .isSameAs(checked);
    assertThatThrownBy(
            () ->
                lb.execute(
                    "key",
                    backend -> {
                      throw unchecked;
                    }))
        .isSameAs(unchecked);
    BackendStats a = lb.stats().backend("a").orElseThrow();
    assertThat(a.inFlight()).isZero();
    assertThat(a.completed()).isEqualTo(2);
    assertThat(a.failed()).isEqualTo(2);
    assertThat(a.consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void stringKeysAreHashedByContentSoAnyCharSequenceAgrees() throws Exception {
    balancer(List.of(A, B));
    lb.cancel(lb.pick("user-42"));
    long fromString = strategy.lastKey();
    lb.cancel(lb.pick(new StringBuilder("user-").append(42)));
    assertThat(strategy.lastKey()).isEqualTo(fromString);
    lb.execute("user-42", backend -> null);
    assertThat(strategy.lastKey()).isEqualTo(fromString);
    lb.cancel(lb.pick("user-43"));
    assertThat(strategy.lastKey()).isNotEqualTo(fromString);
  }

  @Test
  void keylessPicksDrawTheKeyFromTheRandomSource() {
    balancer(List.of(A, B));
    SeededRandomSource same = new SeededRandomSource(1);
    lb.cancel(lb.pick());
    assertThat(strategy.lastKey()).isEqualTo(same.nextLong());
    lb.cancel(lb.pick());
    assertThat(strategy.lastKey()).isEqualTo(same.nextLong());
  }

  @Test
  void tryPickAnswersNullWithTheReasonWhereverPickWouldThrow() {
    balancer(List.of());
    assertThat(lb.tryPick(1L)).isNull();
    assertThat(lb.unavailableReason()).contains("has no backends");

    lb.addBackend(A);
    Endpoint e = lb.tryPick(1L);
    assertThat(e).isNotNull();
    assertThat(e.load().inFlight()).isEqualTo(1);
    assertThat(lb.unavailableReason()).isEmpty();
    lb.cancel(e);

    lb.close();
    assertThat(lb.tryPick(1L)).isNull();
    assertThat(lb.unavailableReason()).contains("closed");
  }

  @Test
  void anEmptyBalancerThrowsNoBackendAvailableAndPicksResumeOnceABackendIsAdded() throws Exception {
    balancer(List.of());
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> lb.pick())
        .isExactlyInstanceOf(NoBackendAvailableException.class)
        .hasMessageContaining("has no backends");
    assertThatThrownBy(() -> lb.execute(backend -> calls.incrementAndGet()))
        .isExactlyInstanceOf(NoBackendAvailableException.class);
    assertThat(calls).hasValue(0);

    lb.addBackend(A);
    String id = lb.execute(backend -> backend.id());
    assertThat(id).isEqualTo("a");

    lb.removeBackend("a");
    assertThatThrownBy(() -> lb.pick("k")).isExactlyInstanceOf(NoBackendAvailableException.class);
  }

  @Test
  void aStrategyThatReturnsNothingIsReportedAsNoBackendAvailable() {
    Strategy broken =
        new Strategy() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public void update(ClusterSnapshot cluster) {}

          @Override
          public Endpoint tryPick(long key) {
            return null;
          }
        };
    lb = LoadBalancer.builder().backends(List.of(A)).strategy(broken).manualRefresh().build();
    assertThatThrownBy(() -> lb.pick())
        .isExactlyInstanceOf(NoBackendAvailableException.class)
        .hasMessage(
            "Strategy \"broken\" has no backend to pick: the last cluster snapshot was empty");
  }

  @Test
  void afterCloseChangesAndPicksFailButInFlightRequestsStillEnd() {
    balancer(List.of(A));
    Endpoint e = lb.pick();
    lb.close();
    lb.close();
    assertThatThrownBy(() -> lb.pick())
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot pick: the LoadBalancer is closed");
    assertThatThrownBy(() -> lb.addBackend(B))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("LoadBalancer is closed");
    lb.report(e, 1_000, true);
    assertThat(e.load().inFlight()).isZero();
    assertThat(lb.stats().backend("a").orElseThrow().completed()).isEqualTo(1);
  }

  @Test
  void statsSnapshotCountersHealthAndWeights() {
    balancer(List.of(A, B.withWeight(3)));
    Endpoint a = lb.pick(0);
    lb.report(a, 2_000_000, false);
    lb.pick(1); // b stays in flight

    BalancerStats stats = lb.stats();
    assertThat(stats.strategy()).isEqualTo("test-recording");
    assertThat(stats.panicMode()).isFalse();
    assertThat(stats.healthyCount()).isEqualTo(2);
    assertThat(stats.backends())
        .containsExactly(
            new BackendStats("a", 0, 2.0, 1.0, 1, 1, 1, true, Duration.ZERO, 0, 1.0, true),
            new BackendStats("b", 1, 0.0, 0.0, 0, 0, 0, true, Duration.ZERO, 0, 3.0, true));
    assertThatThrownBy(() -> stats.backends().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void pickReportAndCancelAllocateNothing() {
    com.sun.management.ThreadMXBean threads = allocationCounter();
    balancer(List.of(A, B));
    StringBuilder key = new StringBuilder("session-17");
    for (int i = 0; i < 20_000; i++) { // warm up, so class loading and JIT do not count
      roundTrip(i, key);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 20_000; i++) {
      roundTrip(i, key);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // One 16-byte object per round trip would be 320 kB.
    assertThat(allocated).isLessThan(16_000);
  }

  private void roundTrip(int i, CharSequence key) {
    lb.report(lb.pick(i), 1_000, true);
    lb.cancel(lb.pick(key));
    lb.report(lb.pick("a-string-key"), 2_000, (i & 7) != 0);
    lb.cancel(lb.pick());
  }

  private static com.sun.management.ThreadMXBean allocationCounter() {
    assumeThat(ManagementFactory.getThreadMXBean())
        .isInstanceOf(com.sun.management.ThreadMXBean.class);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);
    return threads;
  }
}
