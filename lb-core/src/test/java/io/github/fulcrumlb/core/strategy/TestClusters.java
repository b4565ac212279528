package io.github.fulcrumlb.core.strategy;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Endpoints, snapshots and contexts for strategy tests: seeded, on a manual clock. */
final class TestClusters {
  private TestClusters() {}

  /**
   * An endpoint named {@code id} with effective weight {@code weight} and a tracker on {@code
   * time}.
   */
  static Endpoint endpoint(String id, double weight, ManualTimeSource time) {
    Backend backend = Backend.of(id, "10.0.0.1", 8080);
    return new Endpoint(
        backend, new LoadTracker(LoadTracker.DEFAULT_DECAY_NANOS, time.nanoTime()), weight);
  }

  /** Endpoints {@code b0, b1, ...} with the given effective weights. */
  static List<Endpoint> weighted(ManualTimeSource time, double... weights) {
    List<Endpoint> out = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      out.add(endpoint("b" + i, weights[i], time));
    }
    return out;
  }

  /** {@code n} endpoints {@code b0, b1, ...} of weight 1. */
  static List<Endpoint> equal(ManualTimeSource time, int n) {
    double[] weights = new double[n];
    java.util.Arrays.fill(weights, 1.0);
    return weighted(time, weights);
  }

  static ClusterSnapshot snapshot(List<Endpoint> endpoints) {
    return ClusterSnapshot.of(endpoints);
  }

  static StrategyContext context(long seed, ManualTimeSource time, String... options) {
    StrategyContext.Builder b =
        StrategyContext.builder().random(new SeededRandomSource(seed)).time(time);
    for (int i = 0; i < options.length; i += 2) {
      b.option(options[i], options[i + 1]);
    }
    return b.build();
  }

  /** Picks per endpoint id over {@code picks} picks with random keys, in first-seen order. */
  static Map<String, Integer> countPicks(Strategy s, int picks, long keySeed) {
    SeededRandomSource keys = new SeededRandomSource(keySeed);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < picks; i++) {
      counts.merge(s.pick(keys.nextLong()).id(), 1, Integer::sum);
    }
    return counts;
  }

  /** Longest run of equal consecutive ids in {@code ids}, read as a cycle. */
  static int longestCyclicRun(List<String> ids, String id) {
    int n = ids.size();
    int start = 0;
    while (start < n && ids.get(start).equals(id)) {
      start++;
    }
    if (start == n) {
      return n;
    }
    int best = 0;
    int run = 0;
    for (int t = 1; t <= n; t++) {
      if (ids.get((start + t) % n).equals(id)) {
        best = Math.max(best, ++run);
      } else {
        run = 0;
      }
    }
    return best;
  }
}
