package io.github.fulcrumlb.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.core.metrics.InMemoryMetricsSource;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedding API used as a careless caller would: each case names the misuse and what must
 * survive (in flight never negative, completed never above the picks, the strategy not told, the
 * misuse counted).
 */
class LoadBalancerHostileInputTest {
  private static final Backend A = Backend.of("a", "10.0.0.1", 80);

  private final ManualTimeSource time = new ManualTimeSource();
  private final RecordingStrategy strategy = new RecordingStrategy();
  private LoadBalancer lb;

  private LoadBalancer balancer() {
    lb =
        LoadBalancer.builder()
            .backends(List.of(A))
            .strategy(strategy)
            .time(time)
            .random(new SeededRandomSource(3))
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

  /** Input: one pick reported three times. Survives: completed 1, in flight 0, two refused. */
  @Test
  void reportingOnePickThreeTimesCountsItOnce() {
    balancer();
    Endpoint e = lb.pick();

    assertThat(lb.report(e, 1_000, true)).isTrue();
    assertThat(lb.report(e, 1_000, true)).isFalse();
    assertThat(lb.report(e, 1_000, false)).isFalse();

    assertThat(e.load().inFlight()).isZero();
    assertThat(e.load().completed()).isEqualTo(1);
    assertThat(e.load().failed()).isZero();
    assertThat(strategy.outcomes()).isEqualTo(1);
    assertThat(lb.refusedOutcomes()).isEqualTo(2);
  }

  /**
   * Input: three picks, the first reported three times, then the other two reported. Survives:
   * completed is 3 for 3 requests (not 5), in flight ends at 0, two reports refused.
   */
  @Test
  void repeatedReportsAmongOutstandingPicksNeverOverCountCompleted() {
    balancer();
    Endpoint first = lb.pick();
    Endpoint second = lb.pick();
    Endpoint third = lb.pick();

    lb.report(first, 1_000, true);
    lb.report(first, 1_000, true);
    lb.report(first, 1_000, true);
    lb.report(second, 1_000, true);
    lb.report(third, 1_000, true);

    LoadTracker load = first.load();
    assertThat(load.inFlight()).isZero();
    assertThat(load.completed()).isEqualTo(3);
    assertThat(lb.refusedOutcomes()).isEqualTo(2);
    assertThat(lb.stats().backend("a").orElseThrow().completed()).isEqualTo(3);
  }

  /** Input: one pick cancelled three times. Survives: in flight 0 (never -2), two refused. */
  @Test
  void cancellingOnePickThreeTimesNeverDrivesInFlightNegative() {
    balancer();
    Endpoint e = lb.pick();

    assertThat(lb.cancel(e)).isTrue();
    assertThat(lb.cancel(e)).isFalse();
    assertThat(lb.cancel(e)).isFalse();

    assertThat(e.load().inFlight()).isZero();
    assertThat(lb.refusedOutcomes()).isEqualTo(2);
    lb.pick();
    assertThat(e.load().inFlight()).isEqualTo(1); // the next pick counts from 0, not from -2
  }

  /** Input: a report of an endpoint built by hand, never returned. Survives: refused, counted. */
  @Test
  void reportOfAnEndpointNeverPickedIsRefused() {
    balancer();
    Endpoint stranger = Endpoint.of(A);

    assertThat(lb.report(stranger, 1_000, false)).isFalse();
    assertThat(lb.cancel(stranger)).isFalse();

    assertThat(stranger.load().completed()).isZero();
    assertThat(stranger.load().inFlight()).isZero();
    assertThat(strategy.outcomes()).isZero();
    assertThat(lb.refusedOutcomes()).isEqualTo(2);
    assertThat(lb.stats().backend("a").orElseThrow().completed()).isZero();
  }

  /**
   * Input: a report of an endpoint another balancer returned (its request still in flight there).
   * Survives: refused and counted here; the other balancer's counters untouched.
   */
  @Test
  void reportOfAnotherBalancersEndpointIsRefused() {
    balancer();
    try (LoadBalancer other =
        LoadBalancer.builder()
            .backends(List.of(A))
            .strategy("p2c")
            .time(time)
            .random(new SeededRandomSource(4))
            .manualRefresh()
            .build()) {
      Endpoint theirs = other.pick();

      assertThat(lb.report(theirs, 1_000, true)).isFalse();
      assertThat(lb.cancel(theirs)).isFalse();

      assertThat(theirs.load().inFlight()).isEqualTo(1);
      assertThat(theirs.load().completed()).isZero();
      assertThat(lb.refusedOutcomes()).isEqualTo(2);
      assertThat(other.report(theirs, 1_000, true)).isTrue();
    }
  }

  /**
   * Input: after close(), a report of a pick already reported. Survives: refused and counted; a
   * pick made before close and reported after it still counts (documented).
   */
  @Test
  void reportAfterCloseCountsOnlyRequestsStillInFlight() {
    balancer();
    Endpoint open = lb.pick();
    lb.close();

    assertThat(lb.report(open, 1_000, true)).isTrue();
    assertThat(lb.report(open, 1_000, true)).isFalse();
    assertThat(lb.cancel(open)).isFalse();

    assertThat(open.load().completed()).isEqualTo(1);
    assertThat(open.load().inFlight()).isZero();
    assertThat(lb.refusedOutcomes()).isEqualTo(2);
  }

  /** Input: the misuse above, many times. Survives: the guard allocates nothing. */
  @Test
  void refusedReportsAllocateNothing() {
    assumeThat(ManagementFactory.getThreadMXBean())
        .isInstanceOf(com.sun.management.ThreadMXBean.class);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);
    balancer();
    Endpoint e = lb.pick();
    lb.report(e, 1, true);
    for (int i = 0; i < 20_000; i++) { // warm up
      lb.report(e, 1, true);
      lb.cancel(e);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 20_000; i++) {
      lb.report(e, 1, true);
      lb.cancel(e);
    }
    assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(16_000);
    assertThat(lb.refusedOutcomes()).isEqualTo(80_000);
  }

  /**
   * Input: the documented examples of LoadBalancerBuilder and StrategyContext (strategy options by
   * name). Survives: they build, instead of "has no option".
   */
  @Test
  void documentedStrategyOptionExamplesRun() {
    try (InMemoryMetricsSource metrics = new InMemoryMetricsSource();
        LoadBalancer built =
            LoadBalancer.builder()
                .backends(List.of(A))
                .strategy("least-load")
                .strategyOptions(Map.of("stale-after", "20s"))
                .metrics(metrics)
                .manualRefresh()
                .build()) {
      assertThat(built.pick().id()).isEqualTo("a");
    }
    assertThat(
            io.github.fulcrumlb.api.Strategies.create(
                    "least-load",
                    io.github.fulcrumlb.api.StrategyContext.builder()
                        .option("stale-after", "20s")
                        .random(new SeededRandomSource(1))
                        .build())
                .name())
        .isEqualTo("least-load");
    assertThat(
            io.github.fulcrumlb.api.Strategies.create(
                    "least-load",
                    io.github.fulcrumlb.api.StrategyContext.builder()
                        .option("cpu-weight", "0.8")
                        .option("memory-weight", "0.2")
                        .option("network-weight", "0")
                        .option("stale-after", "20s")
                        .build())
                .name())
        .isEqualTo("least-load");
    assertThat(
            io.github.fulcrumlb.api.Strategies.create(
                    "consistent-hash",
                    io.github.fulcrumlb.api.StrategyContext.builder()
                        .option("table-size", "65537")
                        .build())
                .name())
        .isEqualTo("consistent-hash");
  }
}
