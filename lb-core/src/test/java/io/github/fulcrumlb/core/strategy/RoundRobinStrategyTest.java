package io.github.fulcrumlb.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RoundRobinStrategyTest {

  private final ManualTimeSource time = new ManualTimeSource();

  private Strategy strategy(long seed) {
    return new RoundRobinStrategy.Provider().create(TestClusters.context(seed, time));
  }

  @Test
  void everyWindowOfNPicksHoldsEachBackendOnceInAFixedCyclicOrder() {
    Strategy rr = strategy(1);
    List<Endpoint> endpoints = TestClusters.equal(time, 5);
    rr.update(ClusterSnapshot.of(endpoints));
    List<Endpoint> picks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      picks.add(rr.pick(i));
    }
    for (int start = 0; start + 5 <= picks.size(); start++) {
      assertThat(new HashSet<>(picks.subList(start, start + 5))).hasSize(5);
    }
    // Snapshot order: each pick is followed by the next endpoint of the snapshot.
    for (int i = 1; i < picks.size(); i++) {
      int previous = endpoints.indexOf(picks.get(i - 1));
      assertThat(picks.get(i)).isSameAs(endpoints.get((previous + 1) % 5));
    }
  }

  @Test
  void eachOfTwoConcurrentThreadsRotatesExactlyOnItsOwn() throws Exception {
    Strategy rr = strategy(3);
    List<Endpoint> endpoints = TestClusters.equal(time, 4);
    rr.update(ClusterSnapshot.of(endpoints));
    int picksPerThread = 20_000;
    Endpoint[][] picks = new Endpoint[2][picksPerThread];
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Endpoint[] mine = picks[t];
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < mine.length; i++) {
                  mine[i] = rr.pick(i);
                }
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join(10_000);
      assertThat(thread.isAlive()).isFalse();
    }
    // A shared counter would interleave the threads' steps; each thread must see the whole cycle.
    for (Endpoint[] mine : picks) {
      for (int i = 1; i < mine.length; i++) {
        int previous = endpoints.indexOf(mine[i - 1]);
        assertThat(mine[i]).isSameAs(endpoints.get((previous + 1) % 4));
      }
    }
  }

  @Test
  void ignoresWeights() {
    Strategy rr = strategy(2);
    rr.update(ClusterSnapshot.of(TestClusters.weighted(time, 5, 1, 1)));
    assertThat(TestClusters.countPicks(rr, 3_000, 1))
        .containsOnlyKeys("b0", "b1", "b2")
        .allSatisfy((id, count) -> assertThat(count).isEqualTo(1_000));
  }

  @Test
  void equalUpdateKeepsThePosition() {
    Strategy rr = strategy(3);
    List<Endpoint> endpoints = TestClusters.equal(time, 4);
    rr.update(ClusterSnapshot.of(endpoints));
    Endpoint first = rr.pick(0);
    rr.update(ClusterSnapshot.of(List.copyOf(endpoints)));
    Endpoint second = rr.pick(0);
    rr.update(ClusterSnapshot.of(List.copyOf(endpoints)));
    Endpoint third = rr.pick(0);
    int i = endpoints.indexOf(first);
    assertThat(second).isSameAs(endpoints.get((i + 1) % 4));
    assertThat(third).isSameAs(endpoints.get((i + 2) % 4));
  }

  @Test
  void weightChangeOfTheSameMembersKeepsThePositionAndReturnsTheNewEndpoint() {
    Strategy rr = strategy(4);
    List<Endpoint> endpoints = TestClusters.equal(time, 3);
    rr.update(ClusterSnapshot.of(endpoints));
    int i = endpoints.indexOf(rr.pick(0));
    List<Endpoint> reweighted = new ArrayList<>();
    endpoints.forEach(e -> reweighted.add(e.withWeight(0.5)));
    rr.update(ClusterSnapshot.of(reweighted));
    assertThat(rr.pick(0)).isSameAs(reweighted.get((i + 1) % 3));
  }

  @Test
  void balancersCreatedTogetherStartAtDifferentBackends() {
    List<Endpoint> endpoints = TestClusters.equal(time, 5);
    Set<String> firstPicks = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      Strategy rr = strategy(seed);
      rr.update(ClusterSnapshot.of(endpoints));
      firstPicks.add(rr.pick(0).id());
    }
    assertThat(firstPicks).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void membershipChangeRestartsAtARandomBackendAndStillRotatesExactly() {
    ManualTimeSource t = time;
    Set<String> firstAfterChange = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      Strategy rr = strategy(seed);
      List<Endpoint> endpoints = TestClusters.equal(t, 3);
      rr.update(ClusterSnapshot.of(endpoints));
      rr.pick(0);
      List<Endpoint> grown = new ArrayList<>(endpoints);
      grown.add(TestClusters.endpoint("b3", 1, t));
      grown.add(TestClusters.endpoint("b4", 1, t));
      rr.update(ClusterSnapshot.of(grown));
      firstAfterChange.add(rr.pick(0).id());
      Set<Endpoint> window = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        window.add(rr.pick(0));
      }
      assertThat(window).hasSize(5);
    }
    assertThat(firstAfterChange).hasSizeGreaterThanOrEqualTo(4);
  }
}
