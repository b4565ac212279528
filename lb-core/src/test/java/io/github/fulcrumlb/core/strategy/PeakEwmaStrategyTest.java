package io.github.fulcrumlb.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeakEwmaStrategyTest {

  private static final long MS = 1_000_000;

  private final ManualTimeSource time = new ManualTimeSource();

  private Strategy strategy(long seed) {
    return new PeakEwmaStrategy.Provider().create(TestClusters.context(seed, time));
  }

  /** One request of {@code latencyNanos} to {@code e}, ending now. */
  private void observe(Endpoint e, long latencyNanos) {
    e.load().requestStarted();
    e.load().requestFinished(latencyNanos, true, time.nanoTime());
  }

  @Test
  void prefersTheFasterBackendUntilItsQueueOutweighsTheSpeedDifference() {
    Strategy s = strategy(1);
    List<Endpoint> endpoints = TestClusters.equal(time, 2);
    observe(endpoints.get(0), 1 * MS);
    observe(endpoints.get(1), 10 * MS);
    s.update(ClusterSnapshot.of(endpoints));
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 110; i++) {
      Endpoint e = s.pick(i);
      e.load().requestStarted();
      picks.add(e.id());
    }
    // Costs 1 ms x (k + 1) against 10 ms x (m + 1): ten fast picks for each slow one.
    assertThat(picks.subList(0, 9)).containsOnly("b0");
    assertThat(endpoints.get(0).load().inFlight()).isBetween(98, 101);
    assertThat(endpoints.get(1).load().inFlight()).isBetween(9, 12);
  }

  @Test
  void newIdleBackendIsTriedButGetsNoSecondRequestBeforeItsFirstReply() {
    Strategy s = strategy(2);
    List<Endpoint> endpoints = TestClusters.equal(time, 3);
    observe(endpoints.get(0), 1 * MS);
    observe(endpoints.get(1), 1 * MS);
    s.update(ClusterSnapshot.of(endpoints)); // b2 has never answered
    int newPicks = 0;
    for (int i = 0; i < 200; i++) {
      Endpoint e = s.pick(i);
      e.load().requestStarted();
      newPicks += e.id().equals("b2") ? 1 : 0;
    }
    assertThat(newPicks).isEqualTo(1);

    Endpoint fresh = endpoints.get(2);
    fresh.load().requestFinished(1 * MS, true, time.nanoTime()); // first reply: now measured
    for (int i = 0; i < 200; i++) {
      Endpoint e = s.pick(i);
      e.load().requestStarted();
      newPicks += e.id().equals("b2") ? 1 : 0;
    }
    assertThat(newPicks).isGreaterThan(40); // now on par with the others
  }

  @Test
  void slowBackendThatWentIdleIsTriedAgainOnceItsPeakDecays() {
    Strategy s = strategy(3);
    List<Endpoint> endpoints = TestClusters.equal(time, 2);
    Endpoint fast = endpoints.get(0);
    Endpoint slow = endpoints.get(1);
    observe(fast, 1 * MS);
    observe(slow, 100 * MS);
    for (int k = 0; k < 3; k++) {
      fast.load().requestStarted(); // fast keeps three requests out: cost 4 ms vs 100 ms
    }
    s.update(ClusterSnapshot.of(endpoints));
    int secondsUntilSlowIsPicked = -1;
    for (int second = 1; second <= 120 && secondsUntilSlowIsPicked < 0; second++) {
      time.advance(Duration.ofSeconds(1));
      observe(fast, 1 * MS); // fast keeps answering in 1 ms
      s.update(ClusterSnapshot.of(endpoints)); // the balancer's periodic update decays peaks
      if (s.pick(second).equals(slow)) {
        secondsUntilSlowIsPicked = second;
      }
    }
    // Slow's peak, 100 ms x exp(-t / 10 s), must fall below fast's cost of 4 x its peak (1 ms,
    // decayed by exp(-1 s / 10 s) since its last reply), 3.6 ms: after t = 33.2 s.
    assertThat(secondsUntilSlowIsPicked).isBetween(32, 34);
  }

  @Test
  void slowBackendIsNotRetriedWithoutUpdates() {
    Strategy s = strategy(4);
    List<Endpoint> endpoints = TestClusters.equal(time, 2);
    observe(endpoints.get(0), 1 * MS);
    observe(endpoints.get(1), 100 * MS);
    for (int k = 0; k < 3; k++) {
      endpoints.get(0).load().requestStarted();
    }
    s.update(ClusterSnapshot.of(endpoints));
    time.advance(Duration.ofSeconds(60));
    Map<String, Integer> counts = TestClusters.countPicks(s, 100, 1);
    assertThat(counts).containsOnlyKeys("b0"); // decay happens in update, never per pick
  }

  @Test
  void heavierBackendCarriesMoreAtEqualLatency() {
    Strategy s = strategy(5);
    List<Endpoint> endpoints = TestClusters.weighted(time, 1, 3);
    observe(endpoints.get(0), 5 * MS);
    observe(endpoints.get(1), 5 * MS);
    s.update(ClusterSnapshot.of(endpoints));
    for (int i = 0; i < 400; i++) {
      s.pick(i).load().requestStarted();
    }
    assertThat(endpoints.get(1).load().inFlight()).isBetween(299, 301);
  }
}
