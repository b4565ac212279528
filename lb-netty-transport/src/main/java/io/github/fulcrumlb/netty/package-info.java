/**
 * Fulcrum's UDP load balancer on Netty, for Java applications to embed and for {@code ./fulcrum
 * udp} to run. Start at {@link io.github.fulcrumlb.netty.server.UdpBalancer}.
 *
 * <p>Public types: {@code UdpBalancer}, {@code UdpBalancerConfig} (and its {@code Builder}), {@code
 * Affinity}, {@code ActiveHealthCheck} (its {@code Builder}, {@code Match}), {@code
 * UdpBalancerStats}, {@code TrafficStats}.
 *
 * <p>Packages: {@code config} (what to run), {@code server} (the balancer; its listeners, event
 * loops, per-loop forwarders, sessions, upstream sockets and health are package-private there),
 * {@code stats} (counters) and {@code internal} (the Netty transport choice, shared with the
 * project's own tools: not an API, may change in any release).
 *
 * <pre>{@code
 * try (UdpBalancer lb = UdpBalancer.start(UdpBalancerConfig.builder()
 *     .listen(new InetSocketAddress("127.0.0.1", 5353))
 *     .backends(List.of(Backend.parse("127.0.0.1:5301"), Backend.parse("127.0.0.1:5302")))
 *     .strategy("p2c")
 *     .build())) {
 *   // forwarding until closed
 * }
 * }</pre>
 */
package io.github.fulcrumlb.netty;
