/**
 * The {@link io.github.fulcrumlb.api.MetricsSource} over InfluxDB: {@link
 * io.github.fulcrumlb.influx.source.InfluxMetricsSource} polls in the background, maps {@code host}
 * tags to backends ({@link io.github.fulcrumlb.influx.source.HostTagMapping}), keeps the last
 * values when the server fails and reports how it is doing ({@link
 * io.github.fulcrumlb.influx.source.SourceStatus}).
 *
 * <pre>{@code
 * InfluxMetricsSource metrics = InfluxMetricsSource.builder(connection).backends(backends).build();
 * LoadBalancer lb = LoadBalancer.builder().backends(backends).metrics(metrics).build();
 * }</pre>
 */
package io.github.fulcrumlb.influx.source;
