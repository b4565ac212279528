/**
 * Running the balancer in production from the CLI: the {@code --metrics-listen} HTTP endpoint
 * ({@link io.github.fulcrumlb.examples.ops.MetricsEndpoint}: Prometheus {@code /metrics} and {@code
 * /health}), and the {@code --config} YAML file re-read on SIGHUP ({@link
 * io.github.fulcrumlb.examples.ops.UdpConfigFile}, {@link
 * io.github.fulcrumlb.examples.ops.UdpReloader}).
 */
package io.github.fulcrumlb.examples.ops;
