package io.github.fulcrumlb.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.api.MetricsSource;
import io.github.fulcrumlb.core.metrics.InMemoryMetricsSource;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsFlowTest {
  private static final List<Backend> AB =
      List.of(Backend.of("a", "10.0.0.1", 80), Backend.of("b", "10.0.0.2", 80));

  private final ManualTimeSource time = new ManualTimeSource();
  private final RecordingStrategy strategy = new RecordingStrategy();
  private final InMemoryMetricsSource metrics = new InMemoryMetricsSource();

  private BackendMetrics seen(String id) {
    ClusterSnapshot s = strategy.last();
    return s.metrics(s.indexOf(id));
  }

  @Test
  void aPutReachesTheStrategyWithItsValuesAndAgeAtTheNextRefresh() {
    try (LoadBalancer lb =
        LoadBalancer.builder()
            .backends(AB)
            .strategy(strategy)
            .metrics(metrics)
            .time(time)
            .manualRefresh()
            .build()) {
      long sampledAt = time.currentTimeMillis() - 2_000;
      metrics.put("a", new HostMetrics(0.4, 0.6, 1_000, 2_000, sampledAt));
      assertThat(seen("a").hasHostSample()).as("manual mode waits for refresh()").isFalse();

      lb.refresh();

      assertThat(seen("a")).isEqualTo(new BackendMetrics(0.4, 0.6, 1_000, 2_000, 2_000, 0, 0, 0));
      assertThat(seen("b")).isEqualTo(BackendMetrics.UNKNOWN);

      time.advance(Duration.ofSeconds(3));
      lb.refresh();
      assertThat(seen("a").sampleAgeMillis()).as("stale age grows").isEqualTo(5_000);
    }
  }

  @Test
  void theSnapshotCarriesTheLocallyObservedLoadToo() {
    try (LoadBalancer lb =
        LoadBalancer.builder().backends(AB).strategy(strategy).time(time).manualRefresh().build()) {
      lb.report(lb.pick(0), 4_000_000, false);
      lb.pick(0);
      lb.refresh();
      assertThat(seen("a")).isEqualTo(new BackendMetrics(0, 0, 0, 0, Long.MAX_VALUE, 1, 4.0, 1.0));
    }
  }

  @Test
  void withABackgroundSchedulerAPutReachesTheStrategyWithoutRefresh() throws Exception {
    try (LoadBalancer lb =
        LoadBalancer.builder()
            .backends(AB)
            .strategy(strategy)
            .metrics(metrics)
            .time(time)
            .refreshInterval(Duration.ofHours(1))
            .build()) {
      metrics.put("b", new HostMetrics(0.7, 0.1, 0, 0, time.currentTimeMillis()));
      ClusterSnapshot s =
          strategy.awaitUpdate(x -> x.metrics(x.indexOf("b")).cpu() == 0.7, Duration.ofSeconds(10));
      assertThat(s.metrics(s.indexOf("b")).sampleAgeMillis()).isZero();
      assertThat(lb.stats().backends()).hasSize(2);
    }
  }

  @Test
  void closeEndsTheSubscriptionButLeavesTheSourceOpen() {
    CountingSource source = new CountingSource();
    LoadBalancer lb =
        LoadBalancer.builder()
            .backends(AB)
            .strategy(strategy)
            .metrics(source)
            .refreshInterval(Duration.ofHours(1))
            .build();
    assertThat(source.subscribed).hasValue(1);
    lb.close();
    assertThat(source.unsubscribed).hasValue(1);
    assertThat(source.closed).hasValue(0);
  }

  /** A metrics source written against lb-api alone, counting its subscriptions. */
  private static final class CountingSource implements MetricsSource {
    final AtomicInteger subscribed = new AtomicInteger();
    final AtomicInteger unsubscribed = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public Map<String, HostMetrics> latest() {
      return Map.of();
    }

    @Override
    public Subscription subscribe(Runnable listener) {
      subscribed.incrementAndGet();
      return unsubscribed::incrementAndGet;
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }
}
