package io.github.fulcrumlb.sim.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.sim.Simulation;
import io.github.fulcrumlb.sim.scenario.Scenario;
import io.github.fulcrumlb.sim.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What strategies see through lb-api: late, periodic host samples and their own counters only. */
class StaleMetricsTest {

  /** Records every snapshot; always picks the first endpoint. */
  private static final class Recorder implements Strategy {
    final List<ClusterSnapshot> snapshots = new ArrayList<>();
    final List<Long> updateTimes = new ArrayList<>();
    private final io.github.fulcrumlb.api.TimeSource time;
    private volatile Endpoint[] endpoints;

    Recorder(io.github.fulcrumlb.api.TimeSource time) {
      this.time = time;
    }

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public void update(ClusterSnapshot cluster) {
      snapshots.add(cluster);
      updateTimes.add(time.nanoTime());
      endpoints = cluster.endpoints().toArray(new Endpoint[0]);
    }

    @Override
    public Endpoint tryPick(long key) {
      return endpoints[Math.floorMod(key, endpoints.length)];
    }
  }

  private static final String YAML =
      """
      name: stale
      requests: 60000
      warmup: 0
      backends:
        - id: busy
          rate: 100
          background: {kind: constant, level: 0.5}
        - id: idle
          rate: 100
      arrivals: {rate: 30}
      sizes: {distribution: constant, mean: 1}
      metrics: {period: 10s, lag: 2s}
      balancers: {count: 3, refresh: 0}
      """;

  @Test
  void samplesArriveEveryPeriodExactlyLagLateWithBackgroundInCpu() {
    Scenario s = ScenarioLoader.parse("stale.yaml", YAML);
    List<Recorder> recorders = new ArrayList<>();
    Simulation.of(s)
        .run(
            "recorder",
            ctx -> {
              Recorder r = new Recorder(ctx.time());
              recorders.add(r);
              return r;
            });
    assertThat(recorders).hasSize(3);
    Recorder first = recorders.get(0);
    // the initial snapshot has no host sample; then one update per delivered sample
    assertThat(first.snapshots.get(0).metrics(0).hasHostSample()).isFalse();
    for (int i = 1; i < 10; i++) {
      assertThat(first.updateTimes.get(i)).isEqualTo((10L * i + 2) * 1_000_000_000L);
      BackendMetrics busy = first.snapshots.get(i).metrics(0);
      BackendMetrics idle = first.snapshots.get(i).metrics(1);
      assertThat(busy.sampleAgeMillis()).isEqualTo(2_000);
      // CPU = background + (1 - background) x utilisation: 0.5 + 0.5 x (15/s / 50/s) = 0.65
      assertThat(busy.cpu()).isCloseTo(0.65, within(0.05));
      assertThat(idle.cpu()).isCloseTo(0.15, within(0.05));
      // each request takes 10 ms on the idle host: its CPU is its completions (network) x 10 ms
      double completions = idle.networkInBytesPerSecond() / 2_000;
      assertThat(idle.cpu()).isCloseTo(completions * 0.01, within(0.005));
    }
  }

  @Test
  void eachBalancerHasItsOwnTrackers() {
    Scenario s = ScenarioLoader.parse("stale.yaml", YAML);
    Set<LoadTracker> trackers = new HashSet<>();
    List<Recorder> recorders = new ArrayList<>();
    Simulation.of(s)
        .run(
            "recorder",
            ctx -> {
              Recorder r = new Recorder(ctx.time());
              recorders.add(r);
              return r;
            });
    for (Recorder r : recorders) {
      for (Endpoint e : r.snapshots.get(0).endpoints()) {
        trackers.add(e.load());
      }
    }
    assertThat(trackers).hasSize(3 * 2);
    long completed = trackers.stream().mapToLong(LoadTracker::completed).sum();
    assertThat(completed).isEqualTo(60_000);
    assertThat(trackers).allSatisfy(t -> assertThat(t.completed()).isBetween(8_000L, 12_000L));
  }
}
