package io.github.fulcrumlb.netty.stats;

import java.util.List;
import java.util.Set;

/**
 * Counters of a UDP balancer: the total and one entry per backend that has had traffic or is a
 * member.
 *
 * <pre>{@code
 * UdpBalancerStats s = balancer.stats();
 * s.backends().forEach(b -> System.out.println(b.name() + ": " + b.requests()));
 * }</pre>
 *
 * @param total all traffic
 * @param backends per backend, sorted by id
 * @param failingActiveChecks ids of the backends failing their active health checks now (they get
 *     no new sessions); empty without active checks
 */
public record UdpBalancerStats(
    TrafficStats total, List<TrafficStats> backends, Set<String> failingActiveChecks) {
  /** Copies the collections. */
  public UdpBalancerStats {
    backends = List.copyOf(backends);
    failingActiveChecks = Set.copyOf(failingActiveChecks);
  }
}
