/**
 * Backends from Nomad's native service discovery ({@code service { provider = "nomad" }}), applied
 * live to a balancer.
 *
 * <p>{@link io.github.fulcrumlb.nomad.NomadServiceDiscovery} watches one service through Nomad's
 * HTTP API with blocking queries and hands every change of membership, as a {@code List<Backend>},
 * to a listener such as {@code LoadBalancer::setBackends}. It depends on lb-api only (plus the
 * JDK's HTTP client and Jackson), so neither lb-core nor the transports learn about Nomad.
 */
package io.github.fulcrumlb.nomad;
