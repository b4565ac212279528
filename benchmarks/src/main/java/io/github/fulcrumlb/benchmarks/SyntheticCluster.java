package io.github.fulcrumlb.benchmarks;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.api.LoadTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A reproducible cluster of {@code n} backends in mid-flight, the same for every strategy and for
 * the Ribbon peer: varied weights, some requests in flight, a few latency observations and a host
 * sample per backend.
 *
 * <p>Backend {@code i} always gets the same {@link #weight(int) weight} and {@link #inFlight(int)
 * in-flight count}, whatever {@code n} is, so that Fulcrum's least-load and Ribbon's
 * BestAvailableRule compare over identical load.
 *
 * <pre>{@code
 * SyntheticCluster cluster = SyntheticCluster.of(16);
 * strategy.update(cluster.snapshot());
 * }</pre>
 */
final class SyntheticCluster {
  private static final int[] WEIGHTS = {1, 2, 3, 5, 8, 10};
  private static final long SEED = 0x5EED_F00DL;

  private final List<Endpoint> endpoints;
  private final List<BackendMetrics> metrics;

  private SyntheticCluster(List<Endpoint> endpoints, List<BackendMetrics> metrics) {
    this.endpoints = List.copyOf(endpoints);
    this.metrics = List.copyOf(metrics);
  }

  /** A cluster of {@code n >= 1} backends, loaded as described in the class documentation. */
  static SyntheticCluster of(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("backends must be >= 1 but was " + n);
    }
    long nowMillis = System.currentTimeMillis();
    long nowNanos = System.nanoTime();
    List<Endpoint> endpoints = new ArrayList<>(n);
    List<BackendMetrics> metrics = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SplittableRandom random = new SplittableRandom(SEED + i);
      Backend backend = Backend.of(id(i), host(i), port(i)).withWeight(weight(i));
      LoadTracker load = new LoadTracker(LoadTracker.DEFAULT_DECAY_NANOS, nowNanos);
      observeLatencies(load, random, nowNanos);
      for (int r = 0; r < inFlight(i); r++) {
        load.requestStarted();
      }
      HostMetrics sample =
          new HostMetrics(
              0.10 + 0.85 * random.nextDouble(),
              0.30 + 0.50 * random.nextDouble(),
              1e5 + 1e7 * random.nextDouble(),
              1e5 + 1e7 * random.nextDouble(),
              nowMillis - random.nextLong(10_000));
      endpoints.add(new Endpoint(backend, load, backend.weight()));
      metrics.add(BackendMetrics.of(sample, nowMillis, load));
    }
    return new SyntheticCluster(endpoints, metrics);
  }

  /** The snapshot a balancer would publish for this cluster. */
  ClusterSnapshot snapshot() {
    return ClusterSnapshot.of(endpoints, metrics);
  }

  /** The endpoints, each with its live tracker. */
  List<Endpoint> endpoints() {
    return endpoints;
  }

  static String id(int i) {
    return "backend-" + i;
  }

  static String host(int i) {
    return "10.0." + (i / 250) + "." + (1 + i % 250);
  }

  static int port(int i) {
    return 8080 + i % 4;
  }

  /** Configured weight of backend {@code i}, between 1 and 10. */
  static int weight(int i) {
    return WEIGHTS[(i * 7 + 3) % WEIGHTS.length];
  }

  /** Requests in flight at backend {@code i}, between 1 and 12: never zero, several equal. */
  static int inFlight(int i) {
    return 1 + (i * 5 + 2) % 12;
  }

  /** Three completed requests of 1 to 50 ms, one in eight of them failed. */
  private static void observeLatencies(LoadTracker load, SplittableRandom random, long nowNanos) {
    long at = nowNanos;
    for (int k = 0; k < 3; k++) {
      long latencyNanos = (long) (1e6 * Math.exp(random.nextDouble(0, Math.log(50))));
      at += latencyNanos;
      load.requestStarted();
      load.requestFinished(latencyNanos, random.nextInt(8) != 0, at);
    }
  }
}
