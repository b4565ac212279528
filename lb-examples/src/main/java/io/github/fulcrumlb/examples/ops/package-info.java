/**
 * Running the balancer in production: {@link io.github.fulcrumlb.examples.ops.MetricsEndpoint} (the
 * {@code --metrics-listen} HTTP endpoint: Prometheus {@code /metrics} and {@code /health}) and
 * {@link io.github.fulcrumlb.examples.ops.UdpBalancerBinding} (every meter binder of a running UDP
 * balancer, and its health). The {@code --config} file and its reload on SIGHUP live beside the
 * command, in {@code io.github.fulcrumlb.examples.cli} ({@code UdpConfigFile}, {@code
 * UdpReloader}).
 */
package io.github.fulcrumlb.examples.ops;
