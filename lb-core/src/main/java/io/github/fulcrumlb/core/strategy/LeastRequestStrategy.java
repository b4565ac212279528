package io.github.fulcrumlb.core.strategy;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.StrategyContext;
import java.util.Arrays;
import java.util.List;

/**
 * Least request: scans every ready backend and sends to the one with the lowest {@code (inFlight +
 * 1) / weight}, ties broken uniformly at random (nginx {@code least_conn}; Envoy {@code
 * least_request} with every backend as a choice).
 *
 * <p>Use it for one balancer in front of backends of unequal or changing speed, when no host
 * metrics are at hand: it always knows which backend has the fewest requests waiting, so a slow or
 * stalled backend fills up and stops being picked within a few requests. It reads every backend's
 * counter on each pick (cost grows with the number of backends), and many balancers acting on their
 * own counts at once can still herd; {@code p2c} trades some of its precision for a constant cost.
 *
 * <p>Each pick reads {@code n} in-flight counters once; when several backends share the lowest
 * cost, one random draw chooses among them: between two (the common tie) directly, among more by a
 * second pass over the range the first pass found them in. If counters move between the two passes
 * so that the drawn one is no longer lowest, the first lowest of the first pass is returned. Costs
 * are compared as doubles {@code (inFlight + 1) * (1 / weight)} with the reciprocal precomputed per
 * snapshot. One backend: always that one, without a draw.
 *
 * <p>No options.
 *
 * <pre>{@code
 * Strategy s = Strategies.create("least-request");
 * s.update(ClusterSnapshot.of(endpoints));
 * Endpoint e = s.pick(0L);
 * e.load().requestStarted();
 * }</pre>
 */
public final class LeastRequestStrategy extends SnapshotStrategy<LeastRequestStrategy.Picker> {

  /** The name this strategy is registered under. */
  public static final String NAME = "least-request";

  private final RandomSource random;

  /**
   * A strategy with the context's randomness (for ties).
   *
   * @param context options, clock and randomness
   * @throws IllegalArgumentException if the context holds any option
   */
  public LeastRequestStrategy(StrategyContext context) {
    super(NAME);
    context.requireOnly(NAME, List.of());
    this.random = context.random();
  }

  @Override
  Picker build(ClusterSnapshot cluster, Picker current) {
    if (current != null && sameEndpoints(current.endpoints, cluster)) {
      return current;
    }
    Endpoint[] endpoints = cluster.endpoints().toArray(new Endpoint[0]);
    double[] inverseWeights = new double[endpoints.length];
    for (int i = 0; i < endpoints.length; i++) {
      inverseWeights[i] = 1.0 / endpoints[i].weight();
    }
    return new Picker(endpoints, inverseWeights);
  }

  @Override
  public Endpoint tryPick(long key) {
    Picker p = picker();
    return p == null ? null : p.pick(random);
  }

  /**
   * The immutable data plane: endpoints, their trackers (one load less per backend in the scan) and
   * the reciprocals of their weights.
   */
  static final class Picker {
    final Endpoint[] endpoints;
    private final LoadTracker[] trackers;
    private final double[] inverseWeights;

    Picker(Endpoint[] endpoints, double[] inverseWeights) {
      this.endpoints = endpoints;
      this.inverseWeights = inverseWeights;
      this.trackers = new LoadTracker[endpoints.length];
      for (int i = 0; i < endpoints.length; i++) {
        trackers[i] = endpoints[i].load();
      }
    }

    Endpoint pick(RandomSource random) {
      LoadTracker[] t = trackers;
      double[] w = inverseWeights;
      int n = t.length;
      if (n == 1) {
        return endpoints[0];
      }
      double lowest = Double.POSITIVE_INFINITY;
      int first = 0;
      int last = 0;
      int ties = 0;
      for (int i = 0; i < n; i++) {
        double cost = (t[i].inFlight() + 1.0) * w[i];
        if (cost < lowest) {
          lowest = cost;
          first = i;
          last = i;
          ties = 1;
        } else if (cost == lowest) {
          last = i;
          ties++;
        }
      }
      if (ties == 1) {
        return endpoints[first];
      }
      int skip = random.nextInt(ties);
      if (ties == 2) {
        return endpoints[skip == 0 ? first : last];
      }
      for (int i = first; i <= last; i++) {
        if ((t[i].inFlight() + 1.0) * w[i] == lowest && skip-- == 0) {
          return endpoints[i];
        }
      }
      return endpoints[first]; // counters moved between the passes
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Picker other
          && Arrays.equals(endpoints, other.endpoints)
          && Arrays.equals(inverseWeights, other.inverseWeights);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(endpoints) + Arrays.hashCode(inverseWeights);
    }
  }

  /** Registers {@code least-request}. */
  public static final class Provider extends NamedStrategyProvider {
    /** Required by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(
          NAME,
          "The backend with the fewest requests in flight per weight, scanning all (ties at"
              + " random)",
          LeastRequestStrategy::new);
    }
  }
}
