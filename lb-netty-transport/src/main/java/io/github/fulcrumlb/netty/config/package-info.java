/**
 * Configuration of the UDP balancer: {@link io.github.fulcrumlb.netty.config.UdpBalancerConfig}, an
 * immutable, validated value built with documented defaults.
 */
package io.github.fulcrumlb.netty.config;
