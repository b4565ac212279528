/**
 * Upstream sockets: how datagrams reach backends and how replies come back.
 *
 * <p><b>Design: one upstream socket per session, as nginx does.</b> Each client session gets its
 * own UDP socket towards the backends, registered on the same event loop as the client's listener
 * socket. In session affinity (the default) that socket is <em>connected</em> to the session's
 * backend. Why:
 *
 * <ul>
 *   <li>Reply routing needs no lookup and no protocol knowledge: the socket a reply arrives on is
 *       the session, so the reply goes to that session's client. Shared sockets with a session map
 *       could only tell clients apart by something inside the payload (a query id), which a generic
 *       UDP balancer cannot parse, or by FIFO order, which UDP does not keep.
 *   <li>A connected socket receives ICMP port unreachable as an error ({@link
 *       java.net.PortUnreachableException}), so a dead backend is detected in one round trip
 *       instead of a reply timeout; and the kernel drops datagrams from anything but the backend.
 *   <li>Forwarding needs no envelope: the payload buffer is written as is to the connected socket,
 *       without copying and without allocating.
 *   <li>Everything about a session (table entry, socket, pending requests) is confined to one event
 *       loop, so there are no locks.
 * </ul>
 *
 * <p>The cost is one file descriptor and one socket creation per session; the session table bounds
 * both ({@code maxSessions}), so a flood of spoofed sources evicts old sessions rather than running
 * out of descriptors or memory. In per-datagram mode the session's socket is unconnected (it sends
 * to whichever backend each datagram picks, and replies are matched by sender); ICMP errors are
 * then not reported and failures are detected by reply timeouts.
 */
package io.github.fulcrumlb.netty.upstream;
