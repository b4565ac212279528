package io.github.fulcrumlb.core;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of a {@link LoadBalancer}: its strategy, whether it is in panic mode (too
 * few healthy backends, so ejections are ignored), and one {@link BackendStats} per member in
 * membership order.
 *
 * <pre>{@code
 * BalancerStats stats = lb.stats();
 * if (stats.panicMode()) {
 *   log.warn("only {} of {} backends healthy", stats.healthyCount(), stats.backends().size());
 * }
 * }</pre>
 *
 * @param strategy the strategy's name
 * @param panicMode whether the balancer balances over all members despite ejections
 * @param backends one entry per member, unmodifiable
 */
public record BalancerStats(String strategy, boolean panicMode, List<BackendStats> backends) {

  /** Copies {@code backends}. */
  public BalancerStats {
    checkNotNull(strategy, "BalancerStats.strategy must not be null");
    backends = List.copyOf(backends);
  }

  /** The member with this id, if any. */
  public Optional<BackendStats> backend(String id) {
    for (BackendStats b : backends) {
      if (b.id().equals(id)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** Members that are not ejected. */
  public int healthyCount() {
    int n = 0;
    for (BackendStats b : backends) {
      if (b.healthy()) {
        n++;
      }
    }
    return n;
  }
}
