/**
 * Fulcrum's UDP load balancer on Netty, for Java applications to embed and for {@code ./fulcrum
 * udp} to run. Start at {@link io.github.fulcrumlb.netty.server.UdpBalancer}.
 *
 * <p>Subpackages follow the architecture: {@code config} (what to run), {@code server} (listeners,
 * event loops, the per-loop forwarder, shutdown), {@code session} (bounded per-loop session
 * tables), {@code upstream} (one socket per session towards the backends, and why), {@code health}
 * (failures to ejections, which sessions must move) and {@code stats} (counters).
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
