package io.github.fulcrumlb.examples.ops;

import io.github.fulcrumlb.core.BalancerStats;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.micrometer.LoadBalancerMetrics;
import io.github.fulcrumlb.micrometer.RlStrategyMetrics;
import io.github.fulcrumlb.micrometer.UdpBalancerMetrics;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * Every meter binder that applies to one running {@link UdpBalancer}: its traffic ({@link
 * UdpBalancerMetrics}), its load balancer's per-backend counters and latency ({@link
 * LoadBalancerMetrics}) and, with the {@code rl} strategy, {@link RlStrategyMetrics}. Closing it
 * removes those meters, so that a registry can outlive several balancers ({@code fulcrum demo
 * --compare}).
 */
public final class UdpBalancerBinding implements AutoCloseable {
  private final List<AutoCloseable> binders = new ArrayList<>();
  private final MeterRegistry registry;
  private final Tags tags;
  private RlStrategyMetrics learned; // null unless the strategy is rl

  /**
   * Binds {@code udp}'s meters to {@code registry}, each with {@code tags}.
   *
   * @param tags e.g. {@code Tags.of("strategy", "rl")} to tell runs apart, or empty
   */
  public UdpBalancerBinding(UdpBalancer udp, MeterRegistry registry, Tags tags) {
    UdpBalancerMetrics traffic = new UdpBalancerMetrics(udp, tags);
    traffic.bindTo(registry);
    binders.add(traffic);
    LoadBalancerMetrics balancer = new LoadBalancerMetrics(udp.loadBalancer(), tags);
    balancer.bindTo(registry);
    binders.add(balancer);
    this.registry = registry;
    this.tags = tags;
    strategyReplaced(udp);
  }

  /**
   * After {@link UdpBalancer#replaceStrategy}: binds the new strategy's own meters (rl), leaving
   * the traffic and per-backend meters, and their histograms, as they are.
   */
  public synchronized void strategyReplaced(UdpBalancer udp) {
    if (learned != null) {
      learned.close();
      learned = null;
    }
    if (udp.strategy() instanceof RlStrategy rl) {
      learned = new RlStrategyMetrics(rl, tags);
      learned.bindTo(registry);
    }
  }

  /**
   * Up while at least one backend is healthy (members not ejected). In panic mode the balancer
   * still forwards to ejected backends, but every one of them has failed: that is down.
   */
  public static MetricsEndpoint.Health health(LoadBalancer lb) {
    BalancerStats s = lb.stats();
    int healthy = s.healthyCount();
    String reason =
        healthy
            + " of "
            + s.backends().size()
            + " backends healthy"
            + (s.panicMode() ? " (panic mode: forwarding to ejected backends too)" : "");
    return new MetricsEndpoint.Health(healthy > 0, reason);
  }

  @Override
  public synchronized void close() {
    if (learned != null) {
      learned.close();
      learned = null;
    }
    for (AutoCloseable b : binders) {
      try {
        b.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    binders.clear();
  }
}
