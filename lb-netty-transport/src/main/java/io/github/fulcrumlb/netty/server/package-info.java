/**
 * The UDP balancer itself: {@link io.github.fulcrumlb.netty.server.UdpBalancer} (start, membership,
 * stats, graceful shutdown), the transport choice ({@link
 * io.github.fulcrumlb.netty.server.NettyTransport}: epoll, io_uring or NIO, with SO_REUSEPORT where
 * available, and batched reads), and one forwarder per event loop that owns that loop's listener,
 * sessions and upstream sockets.
 *
 * <pre>{@code
 * UdpBalancer lb = UdpBalancer.start(UdpBalancerConfig.builder()
 *     .listen(new InetSocketAddress("127.0.0.1", 0))
 *     .backends(List.of(Backend.parse("127.0.0.1:9001")))
 *     .build());
 * }</pre>
 */
package io.github.fulcrumlb.netty.server;
