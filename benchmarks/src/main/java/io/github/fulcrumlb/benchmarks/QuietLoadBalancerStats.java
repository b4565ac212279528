package io.github.fulcrumlb.benchmarks;

import com.netflix.loadbalancer.LoadBalancerStats;
import com.netflix.loadbalancer.Server;
import com.netflix.loadbalancer.ServerStats;

/**
 * Ribbon's {@link LoadBalancerStats} without its background work, so that nothing but the measured
 * picks runs during a benchmark.
 *
 * <p>Ribbon's own {@code createServerStats} calls {@link ServerStats#initialize}, which schedules a
 * response-time percentile publisher for every server on a shared background thread, once a second.
 * The stats created here have the same settings and are never initialised: the counters {@code
 * BestAvailableRule} reads (active requests, circuit-breaker state) behave the same, only the
 * percentile publishing is missing.
 */
final class QuietLoadBalancerStats extends LoadBalancerStats {
  private static final int RIBBON_BUFFER_SIZE = 1000;
  private static final int RIBBON_PUBLISH_INTERVAL_MILLIS = 1000;

  QuietLoadBalancerStats(String name) {
    super(name);
  }

  @Override
  protected ServerStats createServerStats(Server server) {
    ServerStats stats = new ServerStats(this);
    stats.setBufferSize(RIBBON_BUFFER_SIZE);
    stats.setPublishInterval(RIBBON_PUBLISH_INTERVAL_MILLIS);
    return stats;
  }
}
