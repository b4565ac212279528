/**
 * Internal: not an API. Public only so that the project's own tools (the UDP benchmark's echo
 * servers and load generator in lb-examples) can run on the same Netty transport as the balancer;
 * anything here may change or go away in any release. Applications use {@link
 * io.github.fulcrumlb.netty.server.UdpBalancer} and its configuration.
 */
package io.github.fulcrumlb.netty.internal;
