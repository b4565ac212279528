package io.github.fulcrumlb.sim.balancer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The balancers in front of the cluster: {@code count} independent instances sharing the backends,
 * arrivals spread uniformly at random over them. Each has its own strategy instance and sees only
 * its own in-flight requests and latencies, plus the shared (stale) host metrics.
 *
 * @param count number of balancers, in [1, 1024]
 * @param refreshSeconds each balancer calls {@link io.github.fulcrumlb.api.Strategy#update} this
 *     often besides when host metrics arrive (as the in-process balancer's refresh does); 0 turns
 *     the periodic refresh off
 * @param detectFailureSeconds a balancer takes a backend out of its snapshot this long after it
 *     dies and puts it back this long after it returns (health checks), {@code >= 0}
 * @param strategyOptions options per strategy name, passed to it through its {@link
 *     io.github.fulcrumlb.api.StrategyContext}
 */
public record BalancerSpec(
    int count,
    double refreshSeconds,
    double detectFailureSeconds,
    Map<String, Map<String, String>> strategyOptions) {

  /** One balancer, refreshed every second, detecting failures after 5 s, no options. */
  public static final BalancerSpec DEFAULT = new BalancerSpec(1, 1, 5, Map.of());

  /** Validates every field. */
  public BalancerSpec {
    if (count < 1 || count > 1024) {
      throw new IllegalArgumentException("count must be in [1, 1024] but was " + count);
    }
    if (!(refreshSeconds >= 0) || Double.isInfinite(refreshSeconds)) {
      throw new IllegalArgumentException("refresh must be >= 0 but was " + refreshSeconds);
    }
    if (!(detectFailureSeconds >= 0) || Double.isInfinite(detectFailureSeconds)) {
      throw new IllegalArgumentException(
          "detectFailure must be >= 0 but was " + detectFailureSeconds);
    }
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    strategyOptions.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    strategyOptions = java.util.Collections.unmodifiableMap(copy);
  }

  /** The options configured for {@code strategy}, possibly none. */
  public Map<String, String> optionsFor(String strategy) {
    return strategyOptions.getOrDefault(strategy, Map.of());
  }

  /** This spec with another balancer count. */
  public BalancerSpec withCount(int newCount) {
    return new BalancerSpec(newCount, refreshSeconds, detectFailureSeconds, strategyOptions);
  }
}
