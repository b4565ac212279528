package io.github.fulcrumlb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fulcrumlb.sim.report.ReportFormat;
import io.github.fulcrumlb.sim.report.RunResult;
import io.github.fulcrumlb.sim.report.ScenarioReport;
import io.github.fulcrumlb.sim.scenario.Scenario;
import io.github.fulcrumlb.sim.scenario.ScenarioLoader;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationTest {

  private static ScenarioReport report(Scenario s) {
    Simulation sim = Simulation.of(s);
    return new ScenarioReport(
        s,
        List.of(
            sim.run("test-random", TestStrategies.random()),
            sim.run("test-p2c", TestStrategies.powerOfTwo())),
        sim.runClairvoyant());
  }

  @Test
  void equalSeedsGiveIdenticalTables() {
    Scenario s = ScenarioLoader.bundled("noisy-neighbour").withRequests(60_000);
    for (ReportFormat f : ReportFormat.values()) {
      assertThat(f.render(report(s))).isEqualTo(f.render(report(s)));
    }
    assertThat(ReportFormat.TABLE.render(report(s.withSeed(2))))
        .isNotEqualTo(ReportFormat.TABLE.render(report(s)));
  }

  @Test
  void equalSeedsGiveIdenticalTablesWithEveryLbCoreStrategy() {
    Scenario s = ScenarioLoader.bundled("multi-balancer").withRequests(30_000);
    List<String> all = Simulation.availableStrategies();
    assertThat(all)
        .contains(
            "round-robin",
            "random",
            "weighted-round-robin",
            "least-load",
            "p2c",
            "peak-ewma",
            "consistent-hash",
            "least-request");
    String first = ReportFormat.TABLE.render(Simulation.of(s).compare(all));
    assertThat(ReportFormat.TABLE.render(Simulation.of(s).compare(all))).isEqualTo(first);
    assertThat(first.lines().filter(l -> l.startsWith("clairvoyant "))).hasSize(3);
  }

  @Test
  void optionsInBracketsOverrideTheScenariosAndLabelTheRow() {
    Scenario s =
        ScenarioLoader.parse(
            "opts.yaml",
            """
            name: opts
            requests: 3000
            backends:
              - {count: 3, rate: 10}
            arrivals: {load: 0.5}
            balancers:
              options:
                least-load: {stale-after: never}
            """);

    ScenarioReport r = Simulation.of(s).compare(List.of("least-load[stale-after=20s]", "p2c"));

    assertThat(r.rows())
        .extracting(RunResult::strategy)
        .containsExactly("least-load[stale-after=20s]", "p2c");
    assertThatThrownBy(() -> Simulation.of(s).compare(List.of("p2c", "least-load")))
        .hasMessageContaining("least-load: Option \"stale-after\"");
    assertThatThrownBy(() -> Simulation.of(s).compare(List.of("p2c", "p2c[scan=8]")))
        .hasMessageStartingWith("p2c[scan=8]: Strategy \"p2c\" has no option \"scan\"");
    assertThatThrownBy(() -> Simulation.of(s).run("p2c[scan"))
        .hasMessageContaining("\"p2c[scan\" has no closing ']'");
  }

  @Test
  void clairvoyantBeatsEveryStrategyOnHeterogeneousServers() {
    ScenarioReport r = report(ScenarioLoader.bundled("heterogeneous").withRequests(200_000));
    for (RunResult row : r.rows()) {
      assertThat(r.meanRatio(row)).as(row.strategy()).isGreaterThan(1.0);
    }
    // random ignores speed: the slowest server is overloaded, so its share exceeds its capacity
    RunResult random = r.rows().get(0);
    assertThat(random.backends().get(0).utilisation()).isGreaterThan(0.99);
    // the oracle keeps the fastest server busiest and leaves the slowest mostly idle
    RunResult oracle = r.clairvoyant();
    assertThat(oracle.backends().get(9).utilisation()).isGreaterThan(0.95);
    assertThat(oracle.backends().get(0).utilisation()).isLessThan(0.6);
  }

  @Test
  void everyRowSeesTheSameRequests() {
    ScenarioReport r = report(ScenarioLoader.bundled("homogeneous").withRequests(50_000));
    assertThat(r.allRows()).extracting(RunResult::requests).containsOnly(45_000L);
    assertThat(r.allRows())
        .extracting(RunResult::throughputPerSecond)
        .allSatisfy(t -> assertThat(t).isCloseTo(800, within(16.0)));
  }

  @Test
  void crashFailsRequestsUntilHealthChecksNotice() {
    Scenario s = ScenarioLoader.bundled("backend-failure");
    RunResult r = Simulation.of(s).run("test-random", TestStrategies.random());
    assertThat(r.failures()).isPositive();
    // b3 is out of the balancer's snapshot for most of the 120 s outage of a ~700 s run
    assertThat(r.backends().get(3).share()).isLessThan(0.09);
    RunResult oracle = Simulation.of(s).runClairvoyant();
    assertThat(oracle.failures()).isLessThan(r.failures());
  }

  @Test
  void flashCrowdOverloadsIntoDropsAndTimeouts() {
    RunResult r =
        Simulation.of(ScenarioLoader.bundled("flash-crowd"))
            .run("test-random", TestStrategies.random());
    assertThat(r.timeouts()).isPositive();
    assertThat(r.drops()).isPositive();
    assertThat(r.ok() + r.timeouts() + r.drops() + r.failures()).isEqualTo(r.requests());
  }

  @Test
  void listenerSeesEveryRequestOnceAndTheTrueCluster() {
    Scenario s = ScenarioLoader.bundled("multi-balancer").withRequests(20_000);
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    int[] perBalancer = new int[8];
    TrueClusterState[] view = new TrueClusterState[1];
    RunResult r =
        Simulation.of(s)
            .withListener(
                new RequestListener() {
                  @Override
                  public void onStart(TrueClusterState cluster) {
                    view[0] = cluster;
                  }

                  @Override
                  public void onRequestEnd(
                      int balancer, int backend, long arrival, long latency, Outcome outcome) {
                    outcomes.merge(outcome, 1, Integer::sum);
                    perBalancer[balancer]++;
                    assertThat(latency).isNotNegative();
                  }
                })
            .run("test-p2c", TestStrategies.powerOfTwo());
    assertThat(outcomes.get(Outcome.OK)).isEqualTo(20_000);
    assertThat(java.util.Arrays.stream(perBalancer).boxed().toList())
        .allSatisfy(n -> assertThat(n).isBetween(2_000, 3_000));
    assertThat(view[0].size()).isEqualTo(10);
    assertThat(view[0].inSystem(0)).isZero(); // drained at the end
    assertThat(r.requests()).isEqualTo(18_000);
  }

  @Test
  void stalledBackendDelaysItsRequestsAndLeastRequestLeavesIt() {
    Scenario s = ScenarioLoader.bundled("stall-neighbour").withRequests(700_000); // about 130 s
    long stallStarts = 90_000_000_000L;
    long[][] perPhase = new long[2][2]; // [before, after][requests to b0, all requests]
    double[][] latency = new double[2][2]; // [before, after][sum on b0, sum elsewhere]
    RequestListener byPhase =
        new RequestListener() {
          @Override
          public void onRequestEnd(
              int balancer, int backend, long arrival, long nanos, Outcome outcome) {
            int phase = arrival < stallStarts ? 0 : 1;
            perPhase[phase][1]++;
            if (backend == 0) {
              perPhase[phase][0]++;
            }
            latency[phase][backend == 0 ? 0 : 1] += nanos;
          }
        };
    Simulation.of(s).withListener(byPhase).run("least-request");
    double shareBefore = (double) perPhase[0][0] / perPhase[0][1];
    double shareAfter = (double) perPhase[1][0] / perPhase[1][1];
    assertThat(shareBefore).isCloseTo(1 / 6.0, within(0.01));
    assertThat(shareAfter).isLessThan(0.8 / 6);
    double meanOnB0Before = latency[0][0] / perPhase[0][0];
    double meanOnB0After = latency[1][0] / perPhase[1][0];
    assertThat(meanOnB0After).isGreaterThan(2 * meanOnB0Before); // pauses hold requests in service
  }

  @Test
  void noMetricsScenarioGivesBalancersNoHostSamples() {
    Scenario s = ScenarioLoader.bundled("no-metrics");
    assertThat(s.metrics().enabled()).isFalse();
    assertThat(s.backends()).hasSize(10);
    RunResult r = Simulation.of(s.withRequests(50_000)).run("least-request");
    assertThat(r.ok()).isEqualTo(45_000);
  }

  @Test
  void progressIsReportedUpToTheTotal() {
    long[] last = new long[2];
    Simulation.of(ScenarioLoader.bundled("homogeneous").withRequests(100_000))
        .withProgress(
            (label, done, total) -> {
              last[0] = done;
              last[1] = total;
            })
        .runClairvoyant();
    assertThat(last).containsExactly(100_000, 100_000);
  }

  private static Scenario threeBackends(String sizes) {
    return ScenarioLoader.parse(
        "sizes.yaml",
        """
        name: sizes
        requests: 20000
        backends:
          - {rates: [5, 10, 20], concurrency: 2}
        arrivals: {load: 0.8}
        sizes: %s
        """
            .formatted(sizes));
  }

  @Test
  void withEqualSizesTheSizeBlindOracleIsTheClairvoyant() {
    Simulation sim = Simulation.of(threeBackends("{distribution: constant, mean: 1}"));
    RunResult clairvoyant = sim.runClairvoyant();
    RunResult blind = sim.runSizeBlindOracle();
    assertThat(blind.strategy()).isEqualTo("size-blind-oracle");
    assertThat(blind.meanMillis()).isEqualTo(clairvoyant.meanMillis());
    assertThat(blind.p99Millis()).isEqualTo(clairvoyant.p99Millis());
    // With unequal sizes it no longer knows enough to match it.
    Simulation bimodal =
        Simulation.of(
            threeBackends("{distribution: bimodal, small: 0.2, large: 8, largeFraction: 0.1}"));
    assertThat(bimodal.runSizeBlindOracle().meanMillis())
        .isGreaterThan(bimodal.runClairvoyant().meanMillis());
  }

  @Test
  void compareRunsTheOraclesThatKnowLessAsRowsOfTheirOwn() throws Exception {
    Scenario s = ScenarioLoader.bundled("stale-herd").withRequests(40_000);
    ScenarioReport r =
        Simulation.of(s).compare(List.of("p2c", "count-oracle", "size-blind-oracle"));
    assertThat(r.rows())
        .extracting(RunResult::strategy)
        .containsExactly("p2c", "count-oracle", "size-blind-oracle");
    assertThat(r.allRows()).extracting(RunResult::requests).containsOnly(36_000L);
    JsonNode rows = new ObjectMapper().readTree(ReportFormat.JSON.render(r)).path("rows");
    assertThat(rows)
        .extracting(row -> row.path("oracle").asBoolean())
        .containsExactly(false, true, true, true);
    assertThat(Simulation.isOracleRow("count-oracle")).isTrue();
    assertThat(Simulation.isOracleRow("clairvoyant")).isFalse();
    assertThat(Simulation.isOracleRow("p2c")).isFalse();
  }
}
