package io.github.fulcrumlb.benchmarks;

import com.netflix.loadbalancer.AbstractLoadBalancerRule;
import com.netflix.loadbalancer.BaseLoadBalancer;
import com.netflix.loadbalancer.BestAvailableRule;
import com.netflix.loadbalancer.LoadBalancerStats;
import com.netflix.loadbalancer.RoundRobinRule;
import com.netflix.loadbalancer.Server;
import java.util.ArrayList;
import java.util.List;

/**
 * The Ribbon counterpart of {@link SyntheticCluster}: a {@link BaseLoadBalancer} over a static list
 * of the same {@code n} backends, with the same requests in flight, and one of Ribbon's rules
 * attached.
 *
 * <p>Nothing here touches the network or starts a thread: servers are plain host/port values (never
 * resolved), there is no {@code IPing} (so no ping timer, and every server counts as up),
 * connection priming is off (Ribbon's default), and the stats are {@link QuietLoadBalancerStats}.
 * Ribbon still registers the balancer with Servo, which is a local JMX registration.
 *
 * <pre>{@code
 * RibbonCluster cluster = RibbonCluster.of("ribbon:BestAvailableRule", 16);
 * Server chosen = cluster.rule().choose(null);
 * cluster.shutdown();
 * }</pre>
 */
final class RibbonCluster {
  /** Value of the benchmark's {@code strategy} parameter for Ribbon's {@link RoundRobinRule}. */
  static final String ROUND_ROBIN = "ribbon:RoundRobinRule";

  /** Value of the benchmark's {@code strategy} parameter for Ribbon's {@link BestAvailableRule}. */
  static final String BEST_AVAILABLE = "ribbon:BestAvailableRule";

  private final BaseLoadBalancer balancer;
  private final AbstractLoadBalancerRule rule;

  private RibbonCluster(BaseLoadBalancer balancer, AbstractLoadBalancerRule rule) {
    this.balancer = balancer;
    this.rule = rule;
  }

  /**
   * A balancer over {@code n} servers with the named rule.
   *
   * @param ruleName {@link #ROUND_ROBIN} or {@link #BEST_AVAILABLE}
   * @throws IllegalArgumentException for any other rule name or {@code n < 1}
   */
  static RibbonCluster of(String ruleName, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("backends must be >= 1 but was " + n);
    }
    AbstractLoadBalancerRule rule = newRule(ruleName);
    String name = "fulcrum-bench-" + ruleName.substring(ruleName.indexOf(':') + 1) + "-" + n;
    LoadBalancerStats stats = new QuietLoadBalancerStats(name);
    BaseLoadBalancer balancer = new BaseLoadBalancer(name, rule, stats);
    // BaseLoadBalancer attaches the rule before it stores the stats, so BestAvailableRule would
    // find no stats and silently fall back to round robin: attach it again now that they exist.
    rule.setLoadBalancer(balancer);

    List<Server> servers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      servers.add(new Server(SyntheticCluster.host(i), SyntheticCluster.port(i)));
    }
    balancer.setServersList(servers);
    for (int i = 0; i < n; i++) {
      Server server = servers.get(i);
      for (int k = 0; k < 3; k++) {
        stats.noteResponseTime(server, 1.0 + (i * 7 + k * 13) % 50);
      }
      for (int r = 0; r < SyntheticCluster.inFlight(i); r++) {
        stats.incrementActiveRequestsCount(server);
      }
    }
    return new RibbonCluster(balancer, rule);
  }

  private static AbstractLoadBalancerRule newRule(String ruleName) {
    switch (ruleName) {
      case ROUND_ROBIN:
        return new RoundRobinRule();
      case BEST_AVAILABLE:
        return new BestAvailableRule();
      default:
        throw new IllegalArgumentException(
            "Unknown Ribbon rule \""
                + ruleName
                + "\"; known: "
                + ROUND_ROBIN
                + ", "
                + BEST_AVAILABLE);
    }
  }

  /** The rule, attached to the balancer: {@code rule().choose(key)} is one pick. */
  AbstractLoadBalancerRule rule() {
    return rule;
  }

  /** The balancer the rule chooses from. */
  BaseLoadBalancer balancer() {
    return balancer;
  }

  /** Unregisters the balancer from Servo. */
  void shutdown() {
    balancer.shutdown();
  }
}
