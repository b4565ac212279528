package io.github.fulcrumlb.sim.balancer;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.sim.cluster.BackendSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One balancer in front of the simulated cluster, driving its {@link Strategy} only through the
 * lb-api contract, as production code does: one {@link Endpoint} and {@link LoadTracker} per
 * backend, {@link Strategy#update} with a {@link ClusterSnapshot} whenever delayed host metrics
 * arrive, health changes or the periodic refresh fires, and {@link Strategy#pick} per request. The
 * caller reports each outcome to the endpoint's tracker and to {@link Strategy#onOutcome}.
 *
 * <p>A simulated backend's {@link Backend#port()} is its index in the cluster, which maps a picked
 * endpoint back to its server without a lookup. Not thread-safe.
 */
public final class SimulatedBalancer {
  private final Strategy strategy;
  private final TimeSource clock;
  private final Endpoint[] endpoints;
  private final LoadTracker[] trackers;
  private final HostMetrics[] latest;
  private final boolean[] healthy;
  private final Map<String, Integer> indexById = new HashMap<>();

  /**
   * A balancer over {@code backends}, all healthy and without host samples, publishing its first
   * snapshot to {@code strategy} at once.
   */
  public SimulatedBalancer(Strategy strategy, List<BackendSpec> backends, TimeSource clock) {
    if (backends.size() > 65_536) {
      throw new IllegalArgumentException("at most 65536 backends, got " + backends.size());
    }
    if (strategy == null) {
      throw new IllegalArgumentException("the strategy factory returned null");
    }
    this.strategy = strategy;
    this.clock = clock;
    int n = backends.size();
    endpoints = new Endpoint[n];
    trackers = new LoadTracker[n];
    latest = new HostMetrics[n];
    healthy = new boolean[n];
    for (int i = 0; i < n; i++) {
      BackendSpec spec = backends.get(i);
      trackers[i] = new LoadTracker(LoadTracker.DEFAULT_DECAY_NANOS, clock.nanoTime());
      Backend backend = new Backend(spec.id(), spec.id(), i, spec.weight(), Map.of());
      endpoints[i] = new Endpoint(backend, trackers[i], spec.weight());
      healthy[i] = true;
      indexById.put(spec.id(), i);
    }
    publish();
  }

  /** The strategy this balancer drives. */
  public Strategy strategy() {
    return strategy;
  }

  /** The endpoint of backend {@code index}. */
  public Endpoint endpoint(int index) {
    return endpoints[index];
  }

  /** This balancer's counters for backend {@code index}. */
  public LoadTracker tracker(int index) {
    return trackers[index];
  }

  /** The strategy's choice for a request with key hash {@code key}, or null if it has none. */
  public Endpoint pick(long key) {
    return strategy.tryPick(key);
  }

  /** Index of the backend {@code endpoint} belongs to. */
  public int indexOf(Endpoint endpoint) {
    int i = endpoint.backend().port();
    if (i < endpoints.length && endpoints[i].load() == endpoint.load()) {
      return i;
    }
    Integer byId = indexById.get(endpoint.id());
    if (byId == null) {
      throw new IllegalStateException(
          "Strategy " + strategy.name() + " picked an endpoint it was never given: " + endpoint);
    }
    return byId;
  }

  /** New host samples became visible (null entries: no new sample for that backend). */
  public void onHostMetrics(HostMetrics[] samples) {
    for (int i = 0; i < samples.length; i++) {
      if (samples[i] != null) {
        latest[i] = samples[i];
      }
    }
    publish();
  }

  /** Health checks now say backend {@code index} is up (or down). */
  public void setHealthy(int index, boolean up) {
    if (healthy[index] != up) {
      healthy[index] = up;
      publish();
    }
  }

  /** The periodic refresh: lets peak latencies fade and republishes the snapshot. */
  public void refresh() {
    long now = clock.nanoTime();
    for (LoadTracker t : trackers) {
      t.decay(now);
    }
    publish();
  }

  private void publish() {
    long nowMillis = clock.currentTimeMillis();
    List<Endpoint> eps = new ArrayList<>(endpoints.length);
    List<BackendMetrics> metrics = new ArrayList<>(endpoints.length);
    for (int i = 0; i < endpoints.length; i++) {
      if (healthy[i]) {
        eps.add(endpoints[i]);
        metrics.add(BackendMetrics.of(latest[i], nowMillis, trackers[i]));
      }
    }
    strategy.update(ClusterSnapshot.of(eps, metrics));
  }
}
