package io.github.fulcrumlb.influx.reporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategies;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyRecordingStrategyTest {
  private final LatencyRecordingStrategy strategy =
      new LatencyRecordingStrategy(Strategies.create("round-robin"));
  private final Endpoint a = Endpoint.of(Backend.of("a", "10.0.0.1", 80));
  private final Endpoint b = Endpoint.of(Backend.of("b", "10.0.0.2", 80));

  @Test
  void keepsTheWrappedStrategysNameAndPicks() {
    strategy.update(ClusterSnapshot.of(List.of(a, b)));
    assertThat(strategy.name()).isEqualTo("round-robin");
    assertThat(List.of(strategy.pick(0).id(), strategy.pick(0).id()))
        .containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void percentilesPerBackendPerInterval() {
    for (int ms = 1; ms <= 100; ms++) {
      strategy.onOutcome(a, ms * 1_000_000L, true);
    }
    strategy.onOutcome(b, 120_000_000_000L, false); // 2 min: kept as the 1 min maximum
    Map<String, Histogram> h = strategy.takeIntervalHistograms();
    assertThat(h.get("a").getValueAtPercentile(50) / 1_000.0).isBetween(49.0, 51.0);
    assertThat(h.get("a").getValueAtPercentile(99) / 1_000.0).isBetween(98.0, 100.0);
    assertThat(h.get("b").getMaxValue())
        .isGreaterThanOrEqualTo(LatencyRecordingStrategy.MAX_MICROS);
    assertThat(strategy.takeIntervalHistograms()).isEmpty(); // the next interval starts empty
  }

  @Test
  void recordingAnOutcomeAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 200_000; i++) { // warm up: recorders exist, JIT compiled
      strategy.onOutcome(i % 2 == 0 ? a : b, 1_000_000L + i, true);
    }
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 100_000; i++) {
      strategy.onOutcome(i % 2 == 0 ? a : b, 1_000_000L + i, true);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(allocated).as("bytes for 100 000 outcomes").isLessThan(10_000);
  }
}
