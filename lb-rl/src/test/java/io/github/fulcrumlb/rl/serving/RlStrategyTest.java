package io.github.fulcrumlb.rl.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import io.github.fulcrumlb.rl.Clusters;
import io.github.fulcrumlb.rl.features.FeatureSchema;
import io.github.fulcrumlb.rl.model.ModelFile;
import io.github.fulcrumlb.rl.model.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  /** An observer that keeps the last costs the strategy published in {@code published[0]}. */
  private static FeatureObserver publishedInto(double[][] published) {
    return new FeatureObserver() {
      @Override
      public void onFeatures(ClusterSnapshot cluster, double[][] features) {}

      @Override
      public void onCosts(ClusterSnapshot cluster, double[][] f, double[] raw, double[] c) {
        published[0] = c;
      }
    };
  }

  @Test
  void isFoundByNameAndRunsTheBundledModel() {
    Strategy s = Strategies.create("rl", context(Map.of()));
    s.update(Clusters.withCpu(Clusters.endpoints(4), 0.2, 0.4, 0.6, 0.8));

    RlStats stats = ((RlStrategy) s).stats();
    assertThat(stats.mode()).isEqualTo(RlStats.Mode.LEARNED);
    assertThat(stats.model()).startsWith("CostModel[" + FeatureSchema.size() + ",");
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
  void aPickOverAWholeClusterIsTheLowestInFlightTimesCostForOddAndEvenSizes() {
    for (int n : new int[] {2, 3, 13, 16}) {
      double[][] published = new double[1][];
      FeatureObserver costs = publishedInto(published);
      RlStrategy s = new RlStrategy(TestModels.cpuCost(3), context(Map.of()), costs);
      List<Endpoint> eps = Clusters.endpoints(n);
      double[] cpu = new double[n];
      java.util.Random r = new java.util.Random(n);
      for (int i = 0; i < n; i++) {
        cpu[i] = 0.05 + 0.9 * r.nextDouble();
        for (int k = r.nextInt(6); k > 0; k--) {
          eps.get(i).load().requestStarted();
        }
      }
      s.update(Clusters.withCpu(eps, cpu));

      for (int pick = 0; pick < 200; pick++) {
        Endpoint e = s.pick(pick);
        int chosen = eps.indexOf(e);
        double chosenScore = (e.load().inFlight() + 1.0) * published[0][chosen];
        for (int i = 0; i < n; i++) {
          double score = (eps.get(i).load().inFlight() + 1.0) * published[0][i];
          assertThat(chosenScore)
              .as("n=%d pick %d vs backend %d", n, pick, i)
              .isLessThanOrEqualTo(score * (1 + 1e-4));
        }
        e.load().requestStarted();
      }
    }
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
    assertThat(s.stats().fallback().kind()).isEqualTo(FallbackReason.Kind.MODEL_UNUSABLE);
    assertThat(s.stats().reason()).contains(absent.toString()).contains("does not exist");
    assertThat(s.stats().fallbackUpdates()).isEqualTo(1);
    // p2c over two backends alternates on in-flight counts: 5 and 5.
    assertThat(eps.get(0).load().inFlight()).isEqualTo(5);
  }

  @Test
  void modelOfTheFirstFeatureSchemaIsAClearIncompatibleModelFallback() throws Exception {
    Path file = dir.resolve("v1.rlmodel");
    try (var in =
        getClass().getResourceAsStream("/io/github/fulcrumlb/rl/model/schema-v1.rlmodel")) {
      Files.write(file, in.readAllBytes());
    }

    RlStrategy s = new RlStrategy(context(Map.of("model", file.toString())));
    s.update(Clusters.withCpu(Clusters.endpoints(3), 0.1, 0.5, 0.9));

    assertThat(s.pick(0)).isNotNull();
    assertThat(s.stats().mode()).isEqualTo(RlStats.Mode.FALLBACK);
    assertThat(s.stats().fallback().kind()).isEqualTo(FallbackReason.Kind.MODEL_UNUSABLE);
    assertThat(s.stats().reason())
        .contains(file.toString())
        .contains("feature schema \"v1:")
        .contains("retrain");
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
    assertThat(s.stats().fallback().kind()).isEqualTo(FallbackReason.Kind.MODEL_UNUSABLE);
    assertThat(s.stats().reason()).contains("is corrupt");
  }

  @Test
  void staleOrMissingHostMetricsKeepTheModelInUse() {
    RlStrategy s =
        new RlStrategy(
            TestModels.cpuCost(3), context(Map.of("stale-after", "20s")), FeatureObserver.NONE);
    List<Endpoint> eps = Clusters.endpoints(4);

    s.update(Clusters.aged(eps, 25_000));
    assertThat(s.stats().mode()).isEqualTo(RlStats.Mode.LEARNED);

    s.update(ClusterSnapshot.of(eps)); // no host metrics at all
    assertThat(s.stats().mode()).isEqualTo(RlStats.Mode.LEARNED);
    assertThat(s.stats().fallback()).isNull();
    assertThat(s.stats().reason()).isEmpty();
    assertThat(s.stats().updates()).isEqualTo(2);
    assertThat(s.stats().fallbackUpdates()).isZero();
  }

  @Test
  void nonFiniteOutputFallsBackAndSaysForWhichBackend() {
    RlStrategy s =
        new RlStrategy(TestModels.overflowing(), context(Map.of()), FeatureObserver.NONE);
    s.update(Clusters.withCpu(Clusters.endpoints(3), 0.1, 0.5, 0.9));

    assertThat(s.stats().mode()).isEqualTo(RlStats.Mode.FALLBACK);
    assertThat(s.stats().fallback().kind()).isEqualTo(FallbackReason.Kind.NON_FINITE_OUTPUT);
    assertThat(s.stats().reason()).contains("not finite for backend b");
    assertThat(s.pick(0)).isNotNull();
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
    assertThat(s.stats().fallback().kind()).isEqualTo(FallbackReason.Kind.NO_MODEL_GIVEN);
    assertThat(s.stats().reason()).isEqualTo("no model given");
  }

  @Test
  void fallbackWarningsPerProcessAreBounded() {
    for (int i = 0; i < 2 * RlStrategy.MAX_LOGGED_WARNINGS; i++) {
      RlStrategy s = new RlStrategy(context(Map.of("model", dir.resolve("m" + i).toString())));
      assertThat(s.stats().fallback().kind()).isEqualTo(FallbackReason.Kind.MODEL_UNUSABLE);
    }

    assertThat(RlStrategy.loggedWarnings()).isEqualTo(RlStrategy.MAX_LOGGED_WARNINGS);
  }

  @Test
  void providerDescriptionNamesTheDefaultScanWidth() {
    assertThat(new RlStrategy.Provider().description())
        .contains("up to " + RlStrategy.DEFAULT_SCAN + " backends")
        .contains("scan");
  }

  /** Three backends the model scores alike; b0 answers in 8 ms, the others in 1 ms. */
  private static Map<String, Integer> serve(
      RlStrategy s, List<Endpoint> eps, ManualTimeSource time) {
    Map<String, Integer> picks = new HashMap<>();
    for (int second = 0; second < 40; second++) {
      s.update(Clusters.withCpu(eps, 0.5, 0.5, 0.5));
      for (int k = 0; k < 100; k++) {
        Endpoint e = s.pick(k);
        picks.merge(e.id(), 1, Integer::sum);
        s.onOutcome(e, e.id().equals("b0") ? 8_000_000 : 1_000_000, true);
      }
      time.advance(java.time.Duration.ofSeconds(1));
    }
    return picks;
  }

  @Test
  void onlineLearningMovesTrafficOffABackendSlowerThanTheModelSays() {
    ManualTimeSource time = new ManualTimeSource();
    StrategyContext online =
        StrategyContext.builder()
            .option("online", "true")
            .option("learning-rate", "0.5")
            .time(time)
            .random(new SeededRandomSource(3))
            .build();
    RlStrategy learning = new RlStrategy(TestModels.cpuCost(3), online, FeatureObserver.NONE);
    RlStrategy frozen =
        new RlStrategy(TestModels.cpuCost(3), context(Map.of()), FeatureObserver.NONE);

    Map<String, Integer> learned = serve(learning, Clusters.endpoints(3), time);
    Map<String, Integer> fixed = serve(frozen, Clusters.endpoints(3), new ManualTimeSource());

    // Nothing stays in flight here, so the frozen costs split ties at random.
    assertThat(fixed.get("b0")).isBetween(1100, 1600);
    assertThat(learned.get("b0")).isLessThan(700);
    assertThat(learning.stats().online().state())
        .isEqualTo(io.github.fulcrumlb.rl.online.OnlineStats.State.LEARNING);
    assertThat(learning.stats().online().correctedBackends()).isEqualTo(1);
    assertThat(frozen.stats().online()).isEqualTo(io.github.fulcrumlb.rl.online.OnlineStats.OFF);
  }

  @Test
  void aStateFileResumesTheAdaptedCostsAfterARestart() {
    Path state = dir.resolve("rl.state");
    Map<String, String> options =
        Map.of("online", "true", "learning-rate", "0.5", "state", state.toString());
    ManualTimeSource time = new ManualTimeSource();
    StrategyContext ctx =
        StrategyContext.builder()
            .options(options)
            .time(time)
            .random(new SeededRandomSource(3))
            .build();
    RlStrategy first = new RlStrategy(TestModels.cpuCost(3), ctx, FeatureObserver.NONE);
    serve(first, Clusters.endpoints(3), time);
    assertThat(first.saveState()).isTrue();

    RlStrategy second =
        new RlStrategy(
            TestModels.cpuCost(3),
            StrategyContext.builder().options(options).time(new ManualTimeSource()).build(),
            FeatureObserver.NONE);
    assertThat(second.stats().online().stateFile()).startsWith("resumed from");
    assertThat(second.stats().online().steps()).isEqualTo(first.stats().online().steps());
    // The first update already applies the saved correction.
    List<Endpoint> eps = Clusters.endpoints(3);
    second.update(Clusters.withCpu(eps, 0.5, 0.5, 0.5));
    assertThat(second.stats().online().correctedBackends()).isEqualTo(1);
  }

  @Test
  void onlineOptionsAreCheckedWhenTheStrategyIsMade() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Strategies.create("rl", context(Map.of("online", "maybe"))))
        .withMessageContaining("must be true or false");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> Strategies.create("rl", context(Map.of("state", dir.resolve("s").toString()))))
        .withMessageContaining("needs online learning");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                Strategies.create(
                    "rl",
                    context(
                        Map.of("online", "true", "state", dir.resolve("no/such/s").toString()))))
        .withMessageContaining("does not exist");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> Strategies.create("rl", context(Map.of("online", "true", "learning-rate", "0"))))
        .withMessageContaining("learning-rate");
  }

  @Test
  void optionCostSpreadBoundsHowFarApartThePublishedCostsAre() {
    double[][] published = new double[1][];
    FeatureObserver costs = publishedInto(published);
    List<Endpoint> eps = Clusters.endpoints(2);
    // log cost = 3 x cpu: 0.3 and 2.7, each 1.2 from their median
    new RlStrategy(TestModels.cpuCost(3), context(Map.of()), costs)
        .update(Clusters.withCpu(eps, 0.1, 0.9));
    assertThat(published[0][1] / published[0][0]).isCloseTo(Math.exp(2.4), within(1e-9));

    new RlStrategy(TestModels.cpuCost(3), context(Map.of("cost-spread", "0.5")), costs)
        .update(Clusters.withCpu(eps, 0.1, 0.9));
    assertThat(published[0][1] / published[0][0]).isCloseTo(Math.exp(1.0), within(1e-9));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Strategies.create("rl", context(Map.of("cost-spread", "0"))))
        .withMessageContaining("cost-spread");
  }

  @Test
  void theStallGuardRaisesTheCostOfABackendWhoseLatencyJustRoseAndCanBeTurnedOff() {
    ManualTimeSource clock = new ManualTimeSource();
    double[][] guarded = new double[1][];
    double[][] plain = new double[1][];
    // Equal model costs (log cost 0 for every backend), so any difference is the guard's.
    RlStrategy on =
        new RlStrategy(
            TestModels.cpuCost(0),
            StrategyContext.builder().options(Map.of("stall-guard", "2")).time(clock).build(),
            publishedInto(guarded));
    RlStrategy off =
        new RlStrategy(
            TestModels.cpuCost(0),
            StrategyContext.builder().time(clock).build(), // made for a trainer: guard off
            publishedInto(plain));
    List<Endpoint> eps = Clusters.endpoints(2);
    for (int u = 0; u < 40; u++) { // 10 s at 1 ms on both
      replies(clock, eps, 1.0);
      on.update(Clusters.withCpu(eps, 0.5, 0.5));
      off.update(Clusters.withCpu(eps, 0.5, 0.5));
    }
    assertThat(guarded[0][0]).isEqualTo(guarded[0][1]);

    for (int u = 0; u < 2; u++) { // b0 now answers in 5 ms
      replies(clock, eps, 5.0);
      on.update(Clusters.withCpu(eps, 0.5, 0.5));
      off.update(Clusters.withCpu(eps, 0.5, 0.5));
    }
    // The rise is over 1.5 within two updates, so the cost over 2.25x; never past e^cost-spread.
    assertThat(guarded[0][0] / guarded[0][1])
        .isGreaterThan(2.25)
        .isLessThanOrEqualTo(Math.exp(2.5));
    assertThat(plain[0][0]).isEqualTo(plain[0][1]);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Strategies.create("rl", context(Map.of("stall-guard", "-1"))))
        .withMessageContaining("stall-guard");
  }

  /** 250 ms pass; b0 answers 100 requests in {@code ms0} ms, b1 100 in 1 ms. */
  private static void replies(ManualTimeSource clock, List<Endpoint> eps, double ms0) {
    clock.advance(Duration.ofMillis(250));
    for (int i = 0; i < 100; i++) {
      eps.get(0).load().requestStarted();
      eps.get(0).load().requestFinished((long) (ms0 * 1e6), true, clock.nanoTime());
      eps.get(1).load().requestStarted();
      eps.get(1).load().requestFinished(1_000_000L, true, clock.nanoTime());
    }
  }
}
