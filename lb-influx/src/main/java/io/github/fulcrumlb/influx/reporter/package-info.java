/**
 * The balancer's decisions written back to InfluxDB: {@link
 * io.github.fulcrumlb.influx.reporter.DecisionReporter} turns periodic stats into one point per
 * backend; {@link io.github.fulcrumlb.influx.reporter.LatencyRecordingStrategy} adds latency
 * percentiles.
 *
 * <pre>{@code
 * DecisionReporter reporter = DecisionReporter.builder(writer, lb::stats).build();
 * }</pre>
 */
package io.github.fulcrumlb.influx.reporter;
