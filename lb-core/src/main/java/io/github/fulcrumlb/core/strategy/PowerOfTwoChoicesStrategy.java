package io.github.fulcrumlb.core.strategy;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.StrategyContext;
import java.util.List;

/**
 * Power of two choices (P2C): draws two distinct backends at random and sends to the one with fewer
 * requests in flight relative to its effective weight.
 *
 * <p>Use it as the default for request/response traffic: it reacts to load the balancer sees
 * itself, costs two random draws per pick, and avoids the herding a full scan for the least loaded
 * backend causes when many balancers act on the same counts (Mitzenmacher). It relies on callers
 * reporting {@link io.github.fulcrumlb.api.LoadTracker#requestStarted()} and the request's end.
 *
 * <p>Sampling: {@code i} is uniform over the {@code n} backends and {@code j} uniform over the
 * other {@code n - 1} (draw {@code j' < n - 1}, then {@code j = j' < i ? j' : j' + 1}). The cost of
 * a backend is {@code (inFlight + 1) / weight}, and the pick is {@code j} if it costs strictly less
 * than {@code i}, else {@code i}. With equal weights that compares plain in-flight counts; the
 * {@code + 1} makes the heavier of two idle backends win. One backend: always that one.
 *
 * <p>No options.
 *
 * <pre>{@code
 * Strategy p2c = Strategies.create("p2c");
 * p2c.update(ClusterSnapshot.of(endpoints));
 * Endpoint e = p2c.pick(0L);
 * e.load().requestStarted();
 * }</pre>
 */
public final class PowerOfTwoChoicesStrategy extends SnapshotStrategy<TwoChoicePicker> {

  /** The name this strategy is registered under. */
  public static final String NAME = "p2c";

  private final RandomSource random;

  /**
   * A strategy with the context's randomness.
   *
   * @param context options, clock and randomness
   * @throws IllegalArgumentException if the context holds any option
   */
  public PowerOfTwoChoicesStrategy(StrategyContext context) {
    super(NAME);
    context.requireOnly(NAME, List.of());
    this.random = context.random();
  }

  @Override
  TwoChoicePicker build(ClusterSnapshot cluster, TwoChoicePicker current) {
    Endpoint[] endpoints = cluster.endpoints().toArray(new Endpoint[0]);
    double[] costFactors = new double[endpoints.length];
    for (int i = 0; i < endpoints.length; i++) {
      costFactors[i] = 1.0 / endpoints[i].weight();
    }
    TwoChoicePicker next = new TwoChoicePicker(endpoints, costFactors);
    return next.equals(current) ? current : next;
  }

  @Override
  public Endpoint tryPick(long key) {
    TwoChoicePicker p = picker();
    return p == null ? null : p.pick(random);
  }

  /** Registers {@code p2c}. */
  public static final class Provider extends NamedStrategyProvider {
    /** Required by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(
          NAME,
          "The less busy of two random backends (in-flight per weight); a robust default",
          PowerOfTwoChoicesStrategy::new);
    }
  }
}
