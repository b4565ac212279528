package io.github.fulcrumlb.netty.stats;

import java.util.List;

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
 * @param backends per backend, in the order they joined
 */
public record UdpBalancerStats(TrafficStats total, List<TrafficStats> backends) {
  /** Copies the list. */
  public UdpBalancerStats {
    backends = List.copyOf(backends);
  }
}
