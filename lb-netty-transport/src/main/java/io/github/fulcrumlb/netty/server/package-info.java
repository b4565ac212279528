/**
 * The UDP balancer: {@link io.github.fulcrumlb.netty.server.UdpBalancer} (start, membership, stats,
 * graceful shutdown) is the one public type here; the parts below are package-private.
 *
 * <p><b>Event loops.</b> One {@code Forwarder} per event loop owns that loop's listener, its {@code
 * SessionTable} and the sessions' upstream channels; everything of a session is confined to one
 * loop, so nothing on the data plane is locked.
 *
 * <p><b>Sessions.</b> One {@code SessionTable} per loop, bounded, with allocation-free lookup by
 * client address (IPv4 address and port packed into a {@code long}) and LRU and idle eviction; each
 * {@code Session} holds its upstream channel and a preallocated ring of requests awaiting a reply
 * (nginx's {@code proxy_responses 1} accounting).
 *
 * <p><b>Upstream sockets: one per session, as nginx does.</b> Each client session gets its own UDP
 * socket towards the backends ({@code UpstreamChannels}), registered on the client's loop. In
 * session affinity (the default) that socket is <em>connected</em> to the session's backend:
 *
 * <ul>
 *   <li>Reply routing needs no lookup and no protocol knowledge: the socket a reply arrives on is
 *       the session. Shared sockets could only tell clients apart by something inside the payload
 *       (a query id), which a generic UDP balancer cannot parse, or by order, which UDP does not
 *       keep.
 *   <li>A connected socket receives ICMP port unreachable as an error ({@link
 *       java.net.PortUnreachableException}), so a dead backend is detected in one round trip
 *       instead of a reply timeout; and the kernel drops datagrams from anything but the backend.
 *   <li>Forwarding needs no envelope: the payload buffer is written as is (datagrams of up to 2 KiB
 *       are first copied once out of the read's receive buffer, so that buffer is free again at the
 *       end of the read; see {@code SmallDatagrams}).
 * </ul>
 *
 * <p>The cost is one file descriptor and one socket creation per session; the session table bounds
 * both ({@code maxSessions}), so a flood of spoofed sources evicts old sessions rather than running
 * out of descriptors or memory. In per-datagram mode the session's socket is unconnected (it sends
 * to whichever backend each datagram picks, and replies are matched by sender); ICMP errors are
 * then not reported and failures are detected by reply timeouts.
 *
 * <p><b>Health.</b> Failures are observed on the data plane and fed to lb-core's {@code
 * LoadBalancer}, which owns ejection: a request without a reply within the reply timeout, and an
 * ICMP port unreachable, are each reported as a failed request. After {@code consecutiveFailures}
 * in a row the balancer ejects the backend for its ejection time (doubling on each repeat); then
 * live traffic probes it again. Optional active checks ({@code ActiveHealthChecker}, on a thread of
 * its own) probe every backend with a configured payload and hold those failing {@code fall} probes
 * in a row out of the ready set the strategy sees, until {@code rise} good ones. {@code
 * ReadyBackends} tells sessions when their backend left the ready set (ejected, failing its checks
 * or removed), so they move to a healthy one with their next datagram, except that a removed
 * backend's sessions stay with it for the lame-duck timeout, if one is set, and are then closed;
 * sessions to healthy backends are untouched by membership changes.
 *
 * <p><b>Accounting.</b> Every client datagram is a request that ends as exactly one of reply,
 * timeout, drop or ICMP unreachable (or is in flight), in session and per-datagram mode alike, so
 * the counters balance; see {@code Forwarder}.
 *
 * <pre>{@code
 * UdpBalancer lb = UdpBalancer.start(UdpBalancerConfig.builder()
 *     .listen(new InetSocketAddress("127.0.0.1", 0))
 *     .backends(List.of(Backend.parse("127.0.0.1:9001")))
 *     .build());
 * }</pre>
 */
package io.github.fulcrumlb.netty.server;
