package io.github.fulcrumlb.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastRequestStrategyTest {

  private final ManualTimeSource time = new ManualTimeSource();

  private Strategy leastRequest(long seed) {
    return new LeastRequestStrategy.Provider().create(TestClusters.context(seed, time));
  }

  private static void start(Endpoint e, int requests) {
    for (int k = 0; k < requests; k++) {
      e.load().requestStarted();
    }
  }

  @Test
  void picksTheOnlyBackendWithTheFewestInFlightWithoutDrawing() {
    RecordingRandomSource random = new RecordingRandomSource(3);
    Strategy s =
        new LeastRequestStrategy.Provider()
            .create(StrategyContext.builder().random(random).time(time).build());
    List<Endpoint> endpoints = TestClusters.equal(time, 16);
    for (int i = 0; i < 16; i++) {
      start(endpoints.get(i), i == 11 ? 2 : 3 + i % 4);
    }
    s.update(ClusterSnapshot.of(endpoints));
    for (int pick = 0; pick < 100; pick++) {
      assertThat(s.pick(pick).id()).isEqualTo("b11");
    }
    assertThat(random.ints()).isEmpty();
  }

  @Test
  void comparesInFlightPerWeight() {
    Strategy s = leastRequest(4);
    List<Endpoint> endpoints = TestClusters.weighted(time, 1, 4, 2);
    start(endpoints.get(0), 1); // (1 + 1) / 1 = 2
    start(endpoints.get(1), 6); // (6 + 1) / 4 = 1.75
    start(endpoints.get(2), 2); // (2 + 1) / 2 = 1.5
    s.update(ClusterSnapshot.of(endpoints));
    assertThat(s.pick(0).id()).isEqualTo("b2");
  }

  @Test
  void breaksTiesUniformlyAtRandom() {
    Strategy s = leastRequest(5);
    List<Endpoint> endpoints = TestClusters.equal(time, 6);
    start(endpoints.get(0), 1);
    start(endpoints.get(2), 1);
    start(endpoints.get(4), 1); // b1, b3, b5 idle: tied
    s.update(ClusterSnapshot.of(endpoints));
    Map<String, Integer> counts = TestClusters.countPicks(s, 30_000, 2);
    assertThat(counts).containsOnlyKeys("b1", "b3", "b5");
    counts.values().forEach(c -> assertThat(c / 30_000.0).isCloseTo(1 / 3.0, within(0.015)));
  }

  @Test
  void breaksATieOfTwoEvenly() {
    Strategy s = leastRequest(15);
    List<Endpoint> endpoints = TestClusters.weighted(time, 1, 1, 2, 1, 1);
    int[] inFlight = {1, 2, 5, 2, 1}; // costs 2, 3, 3, 3, 2 (b2: (5 + 1) / 2): b0 and b4 tie
    for (int i = 0; i < inFlight.length; i++) {
      start(endpoints.get(i), inFlight[i]);
    }
    s.update(ClusterSnapshot.of(endpoints));
    Map<String, Integer> counts = TestClusters.countPicks(s, 20_000, 3);
    assertThat(counts).containsOnlyKeys("b0", "b4");
    assertThat(counts.get("b0") / 20_000.0).isCloseTo(0.5, within(0.015));
  }

  @Test
  void keepsInFlightLevelAsRequestsAccumulate() {
    Strategy s = leastRequest(6);
    List<Endpoint> endpoints = TestClusters.equal(time, 16);
    s.update(ClusterSnapshot.of(endpoints));
    for (int i = 0; i < 1_600; i++) {
      s.pick(i).load().requestStarted();
    }
    // A full scan never lets two backends differ by more than one request (p2c allows several).
    endpoints.forEach(e -> assertThat(e.load().inFlight()).isEqualTo(100));
    for (int i = 0; i < 8; i++) {
      s.pick(i).load().requestStarted();
    }
    int min = endpoints.stream().mapToInt(e -> e.load().inFlight()).min().orElseThrow();
    int max = endpoints.stream().mapToInt(e -> e.load().inFlight()).max().orElseThrow();
    assertThat(max - min).isEqualTo(1);
  }

  @Test
  void leavesAStalledBackendOnceItsRequestsPileUp() {
    Strategy s = leastRequest(7);
    List<Endpoint> endpoints = TestClusters.equal(time, 4);
    s.update(ClusterSnapshot.of(endpoints));
    // Every backend but b0 answers at once; b0 holds whatever it gets.
    int toStalled = 0;
    for (int i = 0; i < 1_000; i++) {
      Endpoint e = s.pick(i);
      e.load().requestStarted();
      if (e.id().equals("b0")) {
        toStalled++;
      } else {
        e.load().requestFinished(1_000, true, time.nanoTime());
      }
    }
    assertThat(toStalled).isEqualTo(1); // the one it got while all were idle
  }

  @Test
  void anUpdateWithTheSameEndpointsKeepsThePicker() {
    LeastRequestStrategy s = new LeastRequestStrategy(TestClusters.context(8, time));
    List<Endpoint> endpoints = TestClusters.equal(time, 3);
    s.update(ClusterSnapshot.of(endpoints));
    LeastRequestStrategy.Picker first = s.picker();
    s.update(ClusterSnapshot.of(List.copyOf(endpoints)));
    assertThat(s.picker()).isSameAs(first);
    s.update(ClusterSnapshot.of(List.of(endpoints.get(0), endpoints.get(1).withWeight(3))));
    assertThat(s.picker()).isNotSameAs(first);
    assertThat(s.pick(0).id()).isEqualTo("b1");
  }

  @Test
  void aPickAllocatesNothing() {
    assumeThat(ManagementFactory.getThreadMXBean())
        .isInstanceOf(com.sun.management.ThreadMXBean.class);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);
    Strategy s = leastRequest(9);
    List<Endpoint> endpoints = TestClusters.equal(time, 16); // all idle: every pick draws a tie
    s.update(ClusterSnapshot.of(endpoints));
    long sink = 0;
    for (int i = 0; i < 50_000; i++) { // warm up, so class loading and JIT do not count
      sink += s.pick(i).weight() > 0 ? 1 : 0;
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 50_000; i++) {
      sink += s.pick(i).weight() > 0 ? 1 : 0;
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(sink).isEqualTo(100_000);
    // One 16-byte object per pick would be 800 kB.
    assertThat(allocated).isLessThan(16_000);
  }
}
