package io.github.fulcrumlb.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeastLoadStrategyTest {

  private static final long FRESH = 5_000; // ms: half a Telegraf interval
  private static final long STALE = 45_000; // ms: beyond the default stale-after of 30s

  private final ManualTimeSource time = new ManualTimeSource();

  private Strategy strategy(long seed, String... options) {
    return new LeastLoadStrategy.Provider().create(TestClusters.context(seed, time, options));
  }

  private static BackendMetrics cpu(double cpu, long ageMillis) {
    return new BackendMetrics(cpu, 0, 0, 0, ageMillis, 0, 0, 0);
  }

  @Test
  void hotBackendIsNotPickedWhileOthersAreIdle() {
    Strategy s = strategy(1);
    List<Endpoint> endpoints = TestClusters.equal(time, 3);
    s.update(
        ClusterSnapshot.of(endpoints, List.of(cpu(0.95, FRESH), cpu(0.2, FRESH), cpu(0.2, FRESH))));
    Map<String, Integer> counts = TestClusters.countPicks(s, 10_000, 1);
    assertThat(counts).doesNotContainKey("b0");
  }

  @Test
  void hotBackendStillGetsItsShareOnceOthersQueue() {
    Strategy s = strategy(2);
    List<Endpoint> endpoints = TestClusters.equal(time, 3);
    s.update(
        ClusterSnapshot.of(endpoints, List.of(cpu(0.95, FRESH), cpu(0.2, FRESH), cpu(0.2, FRESH))));
    for (int i = 0; i < 3_000; i++) {
      s.pick(i).load().requestStarted();
    }
    // In-flight settles in proportion to headroom: 0.525 : 0.9 : 0.9, so the hot one ~22.6%.
    double hotShare = endpoints.get(0).load().inFlight() / 3_000.0;
    assertThat(hotShare).isCloseTo(0.525 / 2.325, within(0.02));
    assertThat(endpoints.get(1).load().inFlight() / 3_000.0).isCloseTo(0.9 / 2.325, within(0.02));
  }

  @Test
  void staleSampleIsScoredAsTheMeanOfFreshOnesNotAsIdle() {
    // Fresh scores 0.2 (b0) and 0.3 (b1); b2's stale sample says idle but counts as 0.25.
    assertNeutralThirdBackend(cpu(0.0, STALE));
  }

  @Test
  void missingSampleIsScoredAsTheMeanOfFreshOnes() {
    assertNeutralThirdBackend(BackendMetrics.UNKNOWN);
  }

  private void assertNeutralThirdBackend(BackendMetrics third) {
    Strategy s = strategy(3);
    List<Endpoint> endpoints = TestClusters.equal(time, 3);
    s.update(ClusterSnapshot.of(endpoints, List.of(cpu(0.4, FRESH), cpu(0.6, FRESH), third)));
    int picks = 30_000;
    Map<String, Integer> counts = TestClusters.countPicks(s, picks, 1);
    // All idle: b0 wins both its pairs, b2 (0.25) beats only b1 (0.3), b1 never wins.
    // Trusting b2's stale "idle" sample would make it win both its pairs (share 2/3).
    assertThat(counts).doesNotContainKey("b1");
    assertThat(counts.get("b0") / (double) picks).isCloseTo(2.0 / 3, within(0.02));
    assertThat(counts.get("b2") / (double) picks).isCloseTo(1.0 / 3, within(0.02));
  }

  @Test
  void withoutAnyFreshSampleAllBackendsAreEqual() {
    Strategy s = strategy(4);
    List<Endpoint> endpoints = TestClusters.equal(time, 3);
    s.update(
        ClusterSnapshot.of(
            endpoints, List.of(cpu(0.9, STALE), cpu(0.1, STALE), BackendMetrics.UNKNOWN)));
    Map<String, Integer> counts = TestClusters.countPicks(s, 30_000, 1);
    counts.values().forEach(c -> assertThat(c / 30_000.0).isCloseTo(1.0 / 3, within(0.02)));
  }

  @Test
  void staleAfterOptionDecidesWhatIsFresh() {
    Strategy s = strategy(5, "stale-after", "60s");
    List<Endpoint> endpoints = TestClusters.equal(time, 2);
    // 45 s old is fresh under a 60 s limit: the hot sample counts and b0 is avoided.
    s.update(ClusterSnapshot.of(endpoints, List.of(cpu(0.95, STALE), cpu(0.1, STALE))));
    assertThat(TestClusters.countPicks(s, 1_000, 1)).containsOnlyKeys("b1");
  }

  @Test
  void saturatedNetworkCountsAgainstABackend() {
    Strategy s = strategy(6, "network-capacity", "1000");
    List<Endpoint> endpoints = TestClusters.equal(time, 2);
    BackendMetrics busyNetwork = new BackendMetrics(0.1, 0.1, 800, 900, FRESH, 0, 0, 0);
    BackendMetrics quiet = new BackendMetrics(0.1, 0.1, 0, 0, FRESH, 0, 0, 0);
    s.update(ClusterSnapshot.of(endpoints, List.of(busyNetwork, quiet)));
    assertThat(TestClusters.countPicks(s, 1_000, 1)).containsOnlyKeys("b1");
  }

  @Test
  void heavierBackendWinsBetweenEquallyLoadedHosts() {
    Strategy s = strategy(7);
    List<Endpoint> endpoints = TestClusters.weighted(time, 1, 2);
    s.update(ClusterSnapshot.of(endpoints, List.of(cpu(0.5, FRESH), cpu(0.5, FRESH))));
    for (int i = 0; i < 300; i++) {
      s.pick(i).load().requestStarted();
    }
    assertThat(endpoints.get(1).load().inFlight()).isBetween(199, 201);
  }

  @ParameterizedTest
  @CsvSource({
    "cpu-weight, 1.5",
    "memory-weight, -0.1",
    "network-weight, lots",
    "network-capacity, 0",
    "stale-after, forever",
    "stale-after, 0s"
  })
  void rejectsBadOptionValueNamingTheOption(String option, String value) {
    assertThatThrownBy(() -> strategy(1, option, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(option);
  }

  @Test
  void rejectsScoreWeightsSummingAboveOne() {
    assertThatThrownBy(() -> strategy(1, "cpu-weight", "0.9", "memory-weight", "0.2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpu-weight")
        .hasMessageContaining("memory-weight")
        .hasMessageContaining("network-weight");
  }
}
