/**
 * Counters of the UDP balancer, global and per backend: datagrams and bytes each way, how every
 * request ended (reply, timeout, drop, ICMP unreachable, or still in flight) and sessions ({@link
 * io.github.fulcrumlb.netty.stats.UdpBalancerStats} of {@link
 * io.github.fulcrumlb.netty.stats.TrafficStats}).
 */
package io.github.fulcrumlb.netty.stats;
