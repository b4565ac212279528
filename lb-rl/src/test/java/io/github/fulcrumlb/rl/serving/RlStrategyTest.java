package io.github.fulcrumlb.rl.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import io.github.fulcrumlb.rl.Clusters;
import io.github.fulcrumlb.rl.model.ModelFile;
import io.github.fulcrumlb.rl.model.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RlStrategyTest {

  @TempDir Path dir;

  private static StrategyContext context(Map<String, String> options) {
    return StrategyContext.builder()
        .options(options)
        .time(new ManualTimeSource())
        .random(new SeededRandomSource(3))
        .build();
  }

  @Test
  void isFoundByNameAndRunsTheBundledModel() {
    Strategy s = Strategies.create("rl", context(Map.of()));
    s.update(Clusters.withCpu(Clusters.endpoints(4), 0.2, 0.4, 0.6, 0.8));

    RlStats stats = ((RlStrategy) s).stats();
    assertThat(stats.mode()).isEqualTo(RlStats.Mode.LEARNED);
    assertThat(stats.model()).startsWith("CostModel[11,");
  }

  @Test
  void learnedCostsSendEachPickWhereInFlightTimesCostIsLowest() {
    // log cost = 3 x cpu: b0 (cpu 0.1) costs e^0.3, b1 (cpu 0.9) costs e^2.7, 11x more.
    RlStrategy s = new RlStrategy(TestModels.cpuCost(3), context(Map.of()), FeatureObserver.NONE);
    List<Endpoint> eps = Clusters.endpoints(2);
    s.update(Clusters.withCpu(eps, 0.1, 0.9));

    Map<String, Integer> picks = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      Endpoint e = s.pick(i);
      e.load().requestStarted(); // requests pile up: b1 only once b0 holds 10 more
      picks.merge(e.id(), 1, Integer::sum);
    }

    assertThat(s.stats().mode()).isEqualTo(RlStats.Mode.LEARNED);
    assertThat(picks.get("b0")).isBetween(90, 93);
  }

  @Test
  void missingModelFileFallsBackToP2cAndSaysWhy() {
    Path absent = dir.resolve("absent.rlmodel");
    RlStrategy s = new RlStrategy(context(Map.of("model", absent.toString())));
    List<Endpoint> eps = Clusters.endpoints(2);
    s.update(Clusters.withCpu(eps, 0.1, 0.9));

    for (int i = 0; i < 10; i++) {
      s.pick(i).load().requestStarted();
    }

    assertThat(s.stats().mode()).isEqualTo(RlStats.Mode.FALLBACK);
    assertThat(s.stats().reason()).contains(absent.toString()).contains("does not exist");
    assertThat(s.stats().fallbackUpdates()).isEqualTo(1);
    // p2c over two backends alternates on in-flight counts: 5 and 5.
    assertThat(eps.get(0).load().inFlight()).isEqualTo(5);
  }

  @Test
  void corruptModelFileFallsBackWithoutThrowing() throws Exception {
    Path file = dir.resolve("bad.rlmodel");
    byte[] bytes = ModelFile.toBytes(TestModels.random(1));
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);

    RlStrategy s = new RlStrategy(context(Map.of("model", file.toString())));
    s.update(Clusters.withCpu(Clusters.endpoints(3), 0.1, 0.5, 0.9));

    assertThat(s.pick(0)).isNotNull();
    assertThat(s.stats().mode()).isEqualTo(RlStats.Mode.FALLBACK);
    assertThat(s.stats().reason()).contains("is corrupt");
  }

  @Test
  void staleMetricsFallBackAndFreshOnesReturnToTheModel() {
    RlStrategy s =
        new RlStrategy(
            TestModels.cpuCost(3), context(Map.of("stale-after", "20s")), FeatureObserver.NONE);
    List<Endpoint> eps = Clusters.endpoints(4);

    s.update(Clusters.aged(eps, 25_000));
    assertThat(s.stats().mode()).isEqualTo(RlStats.Mode.FALLBACK);
    assertThat(s.stats().reason())
        .isEqualTo("metrics too stale: 0 of 4 backends have a fresh host sample");

    s.update(Clusters.aged(eps, 5_000));
    assertThat(s.stats().mode()).isEqualTo(RlStats.Mode.LEARNED);
    assertThat(s.stats().updates()).isEqualTo(2);
    assertThat(s.stats().fallbackUpdates()).isEqualTo(1);

    s.update(ClusterSnapshot.of(eps)); // no host metrics at all
    assertThat(s.stats().mode()).isEqualTo(RlStats.Mode.FALLBACK);
    assertThat(s.stats().reason())
        .isEqualTo("no host metrics yet: none of the 4 backends has a host sample");
  }

  @Test
  void manyBackendsAreSampledAndEmptyClusterFailsClearly() {
    RlStrategy s =
        new RlStrategy(TestModels.random(2), context(Map.of("scan", "4")), FeatureObserver.NONE);
    List<Endpoint> eps = Clusters.endpoints(64);
    double[] cpu = new double[64];
    java.util.Arrays.fill(cpu, 0.5);
    s.update(Clusters.withCpu(eps, cpu));
    for (int i = 0; i < 1000; i++) {
      s.pick(i).load().requestStarted();
    }
    assertThat(eps.stream().mapToInt(e -> e.load().inFlight()).max().getAsInt()).isLessThan(40);

    s.update(ClusterSnapshot.EMPTY);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.pick(0))
        .isInstanceOf(io.github.fulcrumlb.api.NoBackendAvailableException.class)
        .hasMessageContaining("\"rl\"");
  }

  @Test
  void backendFailingFastIsAvoidedAfterTheNextUpdate() {
    RlStrategy s = new RlStrategy(TestModels.cpuCost(0), context(Map.of()), FeatureObserver.NONE);
    List<Endpoint> eps = Clusters.endpoints(3);
    for (int i = 0; i < RlStrategy.FAILING_AFTER; i++) { // b1 fails at once: in-flight stays 0
      eps.get(1).load().requestStarted();
      eps.get(1).load().requestFinished(0, false, 1);
    }
    s.update(Clusters.withCpu(eps, 0.5, 0.5, 0.5));

    Map<String, Integer> picks = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      Endpoint e = s.pick(i);
      e.load().requestStarted();
      picks.merge(e.id(), 1, Integer::sum);
    }

    assertThat(picks).doesNotContainKey("b1");
    assertThat(s.stats().mode()).isEqualTo(RlStats.Mode.LEARNED);
  }

  @Test
  void observerSeesTheFeaturesOfEveryUpdate() {
    int[] rows = new int[1];
    RlStrategy s = new RlStrategy(null, context(Map.of()), (c, x) -> rows[0] += x.length);
    s.update(Clusters.withCpu(Clusters.endpoints(3), 0.1, 0.5, 0.9));
    s.update(Clusters.withCpu(Clusters.endpoints(2), 0.1, 0.5));

    assertThat(rows[0]).isEqualTo(5);
    assertThat(s.stats().reason()).isEqualTo("no model given");
  }
}
