/**
 * Health of the UDP balancer's backends.
 *
 * <p>Failures are observed on the data plane and fed to lb-core's {@code LoadBalancer}, which owns
 * ejection: a request without a reply within the reply timeout, and an ICMP port unreachable (seen
 * as a {@link java.net.PortUnreachableException} on a session's connected upstream channel), are
 * each reported as a failed request. After {@code consecutiveFailures} in a row the balancer ejects
 * the backend for its ejection time (doubling on each repeat). When that time is over the backend
 * is probed back with live traffic: new sessions may pick it again, and if it still fails it is
 * ejected again for longer. {@link io.github.fulcrumlb.netty.health.ReadyBackends} tells sessions
 * when their backend left the ready set (ejected or removed), so they move to a healthy one with
 * their next datagram; sessions to healthy backends are untouched by membership changes.
 */
package io.github.fulcrumlb.netty.health;
