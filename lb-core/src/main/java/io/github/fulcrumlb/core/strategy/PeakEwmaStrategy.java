package io.github.fulcrumlb.core.strategy;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.api.TwoChoices;
import java.util.List;

/**
 * Peak EWMA, as in Finagle and Linkerd: power of two choices over a cost that multiplies each
 * backend's peak-sensitive latency average by its queue, so that slow and busy backends are both
 * avoided.
 *
 * <p>Use it when backends differ in speed (or slow down under trouble) and the balancer sees their
 * latencies: callers must report {@link io.github.fulcrumlb.api.LoadTracker#requestFinished}.
 *
 * <p>Per pick, two distinct backends are drawn uniformly and the one with the strictly lower cost
 * wins (the first drawn on a tie):
 *
 * <pre>
 * cost = peakLatencyNanos * (inFlight + 1) / weight                     once a latency is known
 * cost = 0                                                              never measured, idle
 * cost = {@value #UNMEASURED_BUSY_PENALTY_NANOS} * (inFlight + 1) / weight    never measured, busy
 * </pre>
 *
 * A new backend is thus tried at once, but gets no second request before its first reply, so it is
 * not flooded while nothing is known about it (Finagle's rule; the penalty is multiplied rather
 * than added so that in-flight counts still order unmeasured backends in double precision).
 *
 * <p>The peak average only decays when a backend reports. So that a backend which once looked slow
 * and then received nothing is tried again, every {@code update} calls {@link
 * io.github.fulcrumlb.api.LoadTracker#decay(long)} on each endpoint with the context's {@link
 * TimeSource#nanoTime()}; the balancer calls {@code update} periodically.
 *
 * <p>No options; the decay time constant is the {@code LoadTracker}'s.
 *
 * <pre>{@code
 * Strategy s = Strategies.create("peak-ewma");
 * s.update(ClusterSnapshot.of(endpoints));
 * Endpoint e = s.pick(0L);
 * e.load().requestStarted();
 * // ... later
 * e.load().requestFinished(latencyNanos, ok, System.nanoTime());
 * }</pre>
 */
public final class PeakEwmaStrategy extends SnapshotStrategy<PeakEwmaStrategy.Picker> {

  /** The name this strategy is registered under. */
  public static final String NAME = "peak-ewma";

  /** Latency assumed, per queued request, for a backend with requests out and no reply yet. */
  public static final double UNMEASURED_BUSY_PENALTY_NANOS = 1e18;

  private final RandomSource random;
  private final TimeSource time;

  /**
   * A strategy with the context's randomness and clock.
   *
   * @param context options, clock and randomness
   * @throws IllegalArgumentException if the context holds any option
   */
  public PeakEwmaStrategy(StrategyContext context) {
    super(NAME);
    context.requireOnly(NAME, List.of());
    this.random = context.random();
    this.time = context.time();
  }

  @Override
  Picker build(ClusterSnapshot cluster, Picker current) {
    long now = time.nanoTime();
    for (Endpoint e : cluster.endpoints()) {
      e.load().decay(now);
    }
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
    if (p == null) {
      return null;
    }
    Endpoint[] endpoints = p.endpoints;
    int n = endpoints.length;
    if (n == 1) {
      return endpoints[0];
    }
    int i = random.nextInt(n);
    int j = TwoChoices.other(random, n, i);
    return cost(endpoints[j], p.inverseWeights[j]) < cost(endpoints[i], p.inverseWeights[i])
        ? endpoints[j]
        : endpoints[i];
  }

  private static double cost(Endpoint e, double inverseWeight) {
    int inFlight = e.load().inFlight();
    double peak = e.load().peakLatencyNanos();
    if (peak == 0.0) {
      return inFlight == 0 ? 0.0 : UNMEASURED_BUSY_PENALTY_NANOS * (inFlight + 1) * inverseWeight;
    }
    return peak * (inFlight + 1) * inverseWeight;
  }

  /** The endpoints and the inverse of each effective weight. */
  static final class Picker {
    final Endpoint[] endpoints;
    final double[] inverseWeights;

    Picker(Endpoint[] endpoints, double[] inverseWeights) {
      this.endpoints = endpoints;
      this.inverseWeights = inverseWeights;
    }
  }

  /** Registers {@code peak-ewma}. */
  public static final class Provider extends NamedStrategyProvider {
    /** Required by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(
          NAME,
          "The cheaper of two random backends by peak latency x in-flight (Finagle/Linkerd)",
          PeakEwmaStrategy::new);
    }
  }
}
