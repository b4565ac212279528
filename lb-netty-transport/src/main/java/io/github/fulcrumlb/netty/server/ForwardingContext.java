package io.github.fulcrumlb.netty.server;

import io.github.fulcrumlb.core.LoadBalancer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What every event loop's {@link Forwarder} of one balancer shares: the load balancer and its ready
 * set, the routes by backend id, the total counters, the forwarding rules taken from the
 * configuration, and whether the balancer is draining. Immutable; its parts are thread-safe.
 *
 * <pre>{@code
 * ForwardingContext shared = new ForwardingContext(lb, ready, routes::get, total,
 *     true, replyTimeoutNanos, idleTimeoutNanos, 65_507, balancer::draining);
 * Forwarder f = new Forwarder(loop, shared, table, upstreams);
 * }</pre>
 *
 * @param lb picks backends and takes every request's outcome
 * @param ready the ready set as the strategy last saw it
 * @param routes the route of a backend id (members and recently removed ones)
 * @param total the balancer's total counters
 * @param sessionAffinity one pick per session (true) or per datagram
 * @param replyTimeoutNanos a request without a reply after this long has timed out
 * @param idleTimeoutNanos a session without a client datagram for this long closes
 * @param maxDatagramSize the largest datagram relayed; larger ones are dropped whole
 * @param draining whether new client datagrams must be dropped
 */
record ForwardingContext(
    LoadBalancer lb,
    ReadyBackends ready,
    Function<String, Route> routes,
    TrafficCounters total,
    boolean sessionAffinity,
    long replyTimeoutNanos,
    long idleTimeoutNanos,
    int maxDatagramSize,
    BooleanSupplier draining) {}
