package io.github.fulcrumlb.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WeightedRoundRobinStrategyTest {

  private static final int PICKS = 100_000;

  private final ManualTimeSource time = new ManualTimeSource();

  private Strategy strategy(long seed) {
    return new WeightedRoundRobinStrategy.Provider().create(TestClusters.context(seed, time));
  }

  static Stream<double[]> weightSets() {
    List<double[]> sets =
        new ArrayList<>(
            List.of(
                new double[] {5, 1, 1},
                new double[] {100, 1, 1},
                new double[] {1, 2, 3, 4},
                new double[] {3, 3, 2},
                new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 50}));
    SeededRandomSource random = new SeededRandomSource(99);
    for (int s = 0; s < 6; s++) {
      double[] weights = new double[2 + random.nextInt(12)];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = 1 + random.nextInt(s % 2 == 0 ? 10 : 1_000);
      }
      sets.add(weights);
    }
    return sets.stream();
  }

  @ParameterizedTest
  @MethodSource("weightSets")
  void sharesAreWithinOnePercentOfWeights(double[] weights) {
    // Relative 1%, or 3 picks for tiny shares: the last, partial cycle may be off by its spread.
    Strategy wrr = strategy(1);
    wrr.update(ClusterSnapshot.of(TestClusters.weighted(time, weights)));
    Map<String, Integer> counts = TestClusters.countPicks(wrr, PICKS, 1);
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    for (int i = 0; i < weights.length; i++) {
      double expected = PICKS * weights[i] / total;
      assertThat((double) counts.getOrDefault("b" + i, 0))
          .as("picks of b%d with weights %s", i, java.util.Arrays.toString(weights))
          .isCloseTo(expected, within(Math.max(expected * 0.01, 3.0)));
    }
  }

  @ParameterizedTest
  @MethodSource("weightSets")
  void noBackendGetsMoreConsecutivePicksThanItsShareForces(double[] weights) {
    Strategy wrr = strategy(2);
    wrr.update(ClusterSnapshot.of(TestClusters.weighted(time, weights)));
    int total = 0;
    for (double w : weights) {
      total += (int) w;
    }
    // One full cycle of the table, read cyclically (integer weights: the table is one cycle of
    // the weights divided by their gcd, so `total` picks hold a whole number of cycles).
    List<String> cycle = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      cycle.add(wrr.pick(0).id());
    }
    for (int i = 0; i < weights.length; i++) {
      int bound = SmoothScheduleTest.runBound((int) weights[i], total);
      assertThat(TestClusters.longestCyclicRun(cycle, "b" + i))
          .as("longest run of b%d with weights %s", i, java.util.Arrays.toString(weights))
          .isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void heavyBackendOfFiveOneOneGetsAtMostThreeInARow() {
    Strategy wrr = strategy(3);
    wrr.update(ClusterSnapshot.of(TestClusters.weighted(time, 5, 1, 1)));
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      picks.add(wrr.pick(0).id());
    }
    int run = 0;
    int longest = 0;
    for (String id : picks) {
      run = id.equals("b0") ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    assertThat(longest).isEqualTo(3);
  }

  @Test
  void fractionalEffectiveWeightsKeepTheirProportions() {
    Strategy wrr = strategy(4);
    // Slow start: a new backend at a third of its weight next to two full ones.
    wrr.update(ClusterSnapshot.of(TestClusters.weighted(time, 1.0, 1.0, 1.0 / 3)));
    Map<String, Integer> counts = TestClusters.countPicks(wrr, PICKS, 1);
    double total = 7.0 / 3;
    assertThat((double) counts.get("b2")).isCloseTo(PICKS / (3 * total), within(PICKS * 0.001));
    assertThat((double) counts.get("b0")).isCloseTo(PICKS / total, within(PICKS * 0.001));
  }

  @Test
  void integerWeightsAreReducedByTheirGreatestCommonDivisor() {
    Endpoint[] endpoints = TestClusters.weighted(time, 40, 20, 20).toArray(new Endpoint[0]);
    assertThat(WeightedRoundRobinStrategy.slotCounts(endpoints)).containsExactly(2, 1, 1);
  }

  @Test
  void hugeWeightRatiosAreScaledToTheTableCapWithAtLeastOneSlotEach() {
    Endpoint[] endpoints =
        TestClusters.weighted(time, 1_000_000, 999_999, 1).toArray(new Endpoint[0]);
    int[] counts = WeightedRoundRobinStrategy.slotCounts(endpoints);
    assertThat(counts[2]).isEqualTo(1);
    assertThat(counts[0] + counts[1] + counts[2])
        .isBetween(
            WeightedRoundRobinStrategy.MAX_TABLE_LENGTH - 3,
            WeightedRoundRobinStrategy.MAX_TABLE_LENGTH + 3);
    assertThat((double) counts[0] / counts[1]).isCloseTo(1_000_000 / 999_999.0, within(1e-4));
  }

  @Test
  void equalUpdateKeepsThePositionInTheCycle() {
    Strategy wrr = strategy(5);
    List<Endpoint> endpoints = TestClusters.weighted(time, 3, 2, 1);
    Strategy reference = strategy(5);
    wrr.update(ClusterSnapshot.of(endpoints));
    reference.update(ClusterSnapshot.of(endpoints));
    for (int i = 0; i < 50; i++) {
      wrr.update(ClusterSnapshot.of(List.copyOf(endpoints)));
      assertThat(wrr.pick(0)).isSameAs(reference.pick(0));
    }
  }

  @Test
  void reweightingTheSameMembersKeepsThePositionInTheCycle() {
    Strategy wrr = strategy(6);
    Strategy reference = strategy(6);
    List<Endpoint> endpoints = TestClusters.weighted(time, 3, 2, 1);
    List<Endpoint> doubled = new ArrayList<>();
    endpoints.forEach(e -> doubled.add(e.withWeight(e.weight() * 2))); // same proportions
    wrr.update(ClusterSnapshot.of(endpoints));
    reference.update(ClusterSnapshot.of(endpoints));
    for (int i = 0; i < 50; i++) {
      wrr.update(ClusterSnapshot.of(i % 2 == 0 ? doubled : endpoints));
      assertThat(wrr.pick(0).id()).isEqualTo(reference.pick(0).id());
    }
  }

  @Test
  void balancersCreatedTogetherStartAtDifferentSlots() {
    List<Endpoint> endpoints = TestClusters.weighted(time, 1, 2, 3, 4);
    Set<String> firstFivePicks = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      Strategy wrr = strategy(seed);
      wrr.update(ClusterSnapshot.of(endpoints));
      StringBuilder sequence = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        sequence.append(wrr.pick(0).id()).append(' ');
      }
      firstFivePicks.add(sequence.toString());
    }
    assertThat(firstFivePicks).hasSizeGreaterThanOrEqualTo(5);
  }
}
