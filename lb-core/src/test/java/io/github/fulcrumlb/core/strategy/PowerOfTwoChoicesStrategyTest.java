package io.github.fulcrumlb.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PowerOfTwoChoicesStrategyTest {

  private final ManualTimeSource time = new ManualTimeSource();

  @Test
  void neverPicksTheBusierOfItsTwoSamples() {
    RecordingRandomSource random = new RecordingRandomSource(5);
    Strategy p2c =
        new PowerOfTwoChoicesStrategy.Provider()
            .create(StrategyContext.builder().random(random).time(time).build());
    List<Endpoint> endpoints = TestClusters.equal(time, 6);
    for (int i = 0; i < endpoints.size(); i++) {
      for (int k = 0; k < i * 3; k++) {
        endpoints.get(i).load().requestStarted(); // b0 idle ... b5 with 15 in flight
      }
    }
    p2c.update(ClusterSnapshot.of(endpoints));
    int[] pickedPerBackend = new int[6];
    for (int pick = 0; pick < 10_000; pick++) {
      random.clear();
      Endpoint chosen = p2c.pick(pick);
      List<Integer> draws = random.ints();
      assertThat(draws).hasSize(2);
      int i = draws.get(0);
      int j = draws.get(1) >= i ? draws.get(1) + 1 : draws.get(1);
      assertThat(i).isNotEqualTo(j);
      Endpoint idler = endpoints.get(Math.min(i, j)); // lower index = fewer in flight here
      assertThat(chosen).isSameAs(idler);
      pickedPerBackend[endpoints.indexOf(chosen)]++;
    }
    assertThat(pickedPerBackend[5]).isZero(); // the busiest loses every comparison
  }

  @Test
  void equalLoadSpreadsEvenly() {
    Strategy p2c = new PowerOfTwoChoicesStrategy.Provider().create(TestClusters.context(8, time));
    p2c.update(ClusterSnapshot.of(TestClusters.equal(time, 4)));
    Map<String, Integer> counts = TestClusters.countPicks(p2c, 100_000, 1);
    counts.values().forEach(c -> assertThat(c / 100_000.0).isCloseTo(0.25, within(0.01)));
  }

  @Test
  void inFlightStaysBalancedWhenRequestsAccumulate() {
    Strategy p2c = new PowerOfTwoChoicesStrategy.Provider().create(TestClusters.context(9, time));
    List<Endpoint> endpoints = TestClusters.equal(time, 8);
    p2c.update(ClusterSnapshot.of(endpoints));
    for (int i = 0; i < 8_000; i++) {
      p2c.pick(i).load().requestStarted();
    }
    int min = endpoints.stream().mapToInt(e -> e.load().inFlight()).min().orElseThrow();
    int max = endpoints.stream().mapToInt(e -> e.load().inFlight()).max().orElseThrow();
    assertThat(max - min).isLessThanOrEqualTo(4); // uniform random would differ by about 90
  }

  @Test
  void inFlightFollowsEffectiveWeights() {
    Strategy p2c = new PowerOfTwoChoicesStrategy.Provider().create(TestClusters.context(10, time));
    List<Endpoint> endpoints = TestClusters.weighted(time, 3, 1);
    p2c.update(ClusterSnapshot.of(endpoints));
    for (int i = 0; i < 400; i++) {
      p2c.pick(i).load().requestStarted();
    }
    // With two backends both are always compared: (inFlight + 1) / weight stays level.
    assertThat(endpoints.get(0).load().inFlight()).isBetween(299, 301);
  }

  @Test
  void heavierOfTwoIdleBackendsWins() {
    Strategy p2c = new PowerOfTwoChoicesStrategy.Provider().create(TestClusters.context(12, time));
    p2c.update(ClusterSnapshot.of(TestClusters.weighted(time, 2, 1)));
    for (int i = 0; i < 100; i++) {
      assertThat(p2c.pick(i).id()).isEqualTo("b0");
    }
  }
}
