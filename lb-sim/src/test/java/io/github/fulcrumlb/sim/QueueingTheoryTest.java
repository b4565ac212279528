package io.github.fulcrumlb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.sim.report.RunResult;
import io.github.fulcrumlb.sim.scenario.Scenario;
import io.github.fulcrumlb.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** The simulator against closed-form queueing results; seeded, so every run is the same. */
class QueueingTheoryTest {

  private static Scenario queue(int servers, int concurrency, double lambda, long requests) {
    return ScenarioLoader.parse(
        "test.yaml",
        """
        name: queue
        seed: 11
        requests: %d
        warmup: %d
        backends:
          - count: %d
            concurrency: %d
            rate: 1
        arrivals:
          rate: %s
        sizes:
          distribution: exponential
          mean: 1
        metrics:
          period: 0
        balancers:
          refresh: 0
        """
            .formatted(requests, requests / 20, servers, concurrency, lambda));
  }

  @Test
  void mm1MeanSojournMatchesOneOverMuMinusLambda() {
    double lambda = 0.7;
    RunResult r = Simulation.of(queue(1, 1, lambda, 600_000)).run("one", TestStrategies.random());
    double expectedSeconds = 1 / (1 - lambda);
    assertThat(r.meanMillis() / 1000).isCloseTo(expectedSeconds, within(0.02 * expectedSeconds));
  }

  @Test
  void mmcSatisfiesLittlesLawAndErlangC() {
    int c = 4;
    double lambda = 3; // rho = 0.75
    RunResult r = Simulation.of(queue(1, c, lambda, 600_000)).run("one", TestStrategies.random());
    double w = r.meanMillis() / 1000;
    double l = r.meanInSystem();
    assertThat(l).isCloseTo(r.throughputPerSecond() * w, within(0.02 * l));
    double expectedW = erlangCWait(c, lambda, 1) + 1;
    assertThat(w).isCloseTo(expectedW, within(0.02 * expectedW));
  }

  @Test
  void supermarketRandomIsMm1AtLoadPointNine() {
    RunResult r =
        Simulation.of(queue(100, 1, 90, 2_000_000)).run("random", TestStrategies.random());
    assertThat(r.meanMillis() / 1000).isCloseTo(10, within(0.5));
  }

  @Test
  void supermarketPowerOfTwoMatchesMitzenmachersFixedPoint() {
    double lambda = 0.9;
    double expected = 0; // sum over i >= 1 of lambda^(2^i - 2)
    for (int i = 1; i < 30; i++) {
      expected += Math.pow(lambda, Math.pow(2, i) - 2);
    }
    RunResult r =
        Simulation.of(queue(100, 1, 100 * lambda, 1_000_000))
            .run("p2c", TestStrategies.powerOfTwo());
    assertThat(expected).isCloseTo(2.61, within(0.01));
    assertThat(r.meanMillis() / 1000).isCloseTo(expected, within(0.05 * expected));
  }

  @Test
  void supermarketWithLbCoreStrategiesByName() {
    Simulation random = Simulation.of(queue(100, 1, 90, 2_000_000));
    assertThat(random.run("random").meanMillis() / 1000).isCloseTo(10, within(0.5));
    Simulation p2c = Simulation.of(queue(100, 1, 90, 1_000_000));
    assertThat(p2c.run("p2c").meanMillis() / 1000).isCloseTo(2.61, within(0.05 * 2.61));
  }

  /** Mean wait in queue of M/M/c: Erlang C probability of waiting over (c mu - lambda). */
  private static double erlangCWait(int c, double lambda, double mu) {
    double a = lambda / mu;
    double rho = a / c;
    double sum = 0;
    double term = 1;
    for (int k = 0; k < c; k++) {
      if (k > 0) {
        term *= a / k;
      }
      sum += term;
    }
    double last = term * a / c; // a^c / c!
    double pWait = last / (1 - rho) / (sum + last / (1 - rho));
    return pWait / (c * mu - lambda);
  }
}
