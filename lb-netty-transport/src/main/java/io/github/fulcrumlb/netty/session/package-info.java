/**
 * Client sessions of the UDP balancer: one {@link io.github.fulcrumlb.netty.session.SessionTable}
 * per event loop, bounded, with allocation-free lookup by client address (IPv4 address and port
 * packed into a {@code long}) and LRU/idle eviction; each {@link
 * io.github.fulcrumlb.netty.session.Session} holds its upstream channel and a preallocated ring of
 * requests awaiting a reply (nginx's {@code proxy_responses 1} accounting).
 */
package io.github.fulcrumlb.netty.session;
