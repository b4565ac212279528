package io.github.fulcrumlb.core.strategy;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.StrategyContext;
import java.util.List;

/**
 * Round robin: the backends in snapshot order, one after the other, ignoring weights and load.
 *
 * <p>Use it for identical backends serving requests of similar cost, or as a baseline. Every window
 * of N consecutive picks by one thread over N backends holds each backend exactly once. Threads do
 * not share one counter: each walks the rotation on its own (as Envoy's worker threads do), so
 * concurrent picks never contend on a cache line. An update with the same backend ids in the same
 * order keeps the position; after a membership change the rotation starts at a random backend, as
 * gRPC's round robin does, so that many balancers started together do not all hit the same backend
 * first.
 *
 * <p>No options.
 *
 * <pre>{@code
 * Strategy rr = Strategies.create("round-robin");
 * rr.update(ClusterSnapshot.of(endpoints));
 * Endpoint next = rr.pick(0L);
 * }</pre>
 */
public final class RoundRobinStrategy extends SnapshotStrategy<RoundRobinStrategy.Picker> {

  /** The name this strategy is registered under. */
  public static final String NAME = "round-robin";

  private final RandomSource random;

  /**
   * A strategy with the context's randomness (for the start offset).
   *
   * @param context options, clock and randomness
   * @throws IllegalArgumentException if the context holds any option
   */
  public RoundRobinStrategy(StrategyContext context) {
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
    ThreadCursor position =
        current != null && sameMembers(current.endpoints, cluster)
            ? current.position
            : new ThreadCursor(random, endpoints.length);
    return new Picker(endpoints, position);
  }

  @Override
  public Endpoint tryPick(long key) {
    Picker p = picker();
    if (p == null) {
      return null;
    }
    return p.endpoints[Math.floorMod(p.position.next(), p.endpoints.length)];
  }

  /** The backends and the shared position; the position outlives pickers of the same members. */
  static final class Picker {
    final Endpoint[] endpoints;
    final ThreadCursor position;

    Picker(Endpoint[] endpoints, ThreadCursor position) {
      this.endpoints = endpoints;
      this.position = position;
    }
  }

  /** Registers {@code round-robin}. */
  public static final class Provider extends NamedStrategyProvider {
    /** Required by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(
          NAME,
          "Each backend in turn, ignoring weights and load; for identical backends and requests",
          RoundRobinStrategy::new);
    }
  }
}
