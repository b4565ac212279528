/**
 * Counters of the UDP balancer, global and per backend: datagrams and bytes each way, drops,
 * timeouts, ICMP errors and sessions ({@link io.github.fulcrumlb.netty.stats.TrafficCounters},
 * copied into {@link io.github.fulcrumlb.netty.stats.UdpBalancerStats}).
 */
package io.github.fulcrumlb.netty.stats;
