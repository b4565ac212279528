package io.github.fulcrumlb.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RandomStrategyTest {

  private static final int PICKS = 200_000;

  private final ManualTimeSource time = new ManualTimeSource();

  static List<double[]> weightSets() {
    return List.of(
        new double[] {1, 1, 1, 1},
        new double[] {1, 2, 3, 4},
        new double[] {100, 1, 1},
        new double[] {0.25, 1.5, 3.0, 0.75, 2.0},
        new double[] {7, 7, 7, 1});
  }

  @ParameterizedTest
  @MethodSource("weightSets")
  void sharesFollowEffectiveWeightsWithinOnePercentagePoint(double[] weights) {
    Strategy random = new RandomStrategy.Provider().create(TestClusters.context(11, time));
    random.update(ClusterSnapshot.of(TestClusters.weighted(time, weights)));
    Map<String, Integer> counts = TestClusters.countPicks(random, PICKS, 1);
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    for (int i = 0; i < weights.length; i++) {
      double share = counts.getOrDefault("b" + i, 0) / (double) PICKS;
      assertThat(share).as("share of b%d", i).isCloseTo(weights[i] / total, within(0.005));
    }
  }

  @ParameterizedTest
  @MethodSource("weightSets")
  void aliasTableEncodesExactlyTheWeights(double[] weights) {
    Endpoint[] endpoints = TestClusters.weighted(time, weights).toArray(new Endpoint[0]);
    RandomStrategy.Picker picker = RandomStrategy.Picker.of(endpoints);
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    int n = weights.length;
    double[] probability = new double[n];
    if (picker.thresholds == null) {
      java.util.Arrays.fill(probability, 1.0 / n);
    } else {
      for (int c = 0; c < n; c++) {
        double keep = picker.thresholds[c] / 0x1p32;
        probability[c] += keep / n;
        probability[picker.aliases[c]] += (1 - keep) / n;
      }
    }
    for (int i = 0; i < n; i++) {
      assertThat(probability[i]).isCloseTo(weights[i] / total, within(1e-9));
    }
  }

  @Test
  void equalWeightsUseOneUniformDrawWithoutATable() {
    Endpoint[] endpoints = TestClusters.equal(time, 3).toArray(new Endpoint[0]);
    assertThat(RandomStrategy.Picker.of(endpoints).thresholds).isNull();
  }
}
