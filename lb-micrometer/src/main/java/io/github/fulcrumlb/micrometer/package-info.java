/**
 * Micrometer meter binders for Fulcrum: {@link io.github.fulcrumlb.micrometer.LoadBalancerMetrics}
 * for an in-process {@code LoadBalancer}, {@link io.github.fulcrumlb.micrometer.UdpBalancerMetrics}
 * for the UDP balancer and {@link io.github.fulcrumlb.micrometer.RlStrategyMetrics} for the learned
 * strategy. Nothing else in Fulcrum depends on this module.
 *
 * <p>Conventions: dot-separated lower-case names under {@code fulcrum.}, a {@code backend} tag per
 * backend, base units (seconds, bytes). Meters read counters the balancers keep anyway, when the
 * registry asks (a scrape); they hold the balancer only weakly, so a closed and forgotten balancer
 * is collected and its meters read {@code NaN}. Close a binder to remove its meters at once.
 */
package io.github.fulcrumlb.micrometer;
