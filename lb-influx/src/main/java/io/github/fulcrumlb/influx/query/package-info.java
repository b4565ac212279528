/**
 * InfluxQL for host metrics in Telegraf's schema: escaping ({@link
 * io.github.fulcrumlb.influx.query.InfluxQl}), the schema ({@link
 * io.github.fulcrumlb.influx.query.TelegrafSchema}), the one request per refresh for all hosts
 * ({@link io.github.fulcrumlb.influx.query.TelegrafMetricsQuery}) and its sender over
 * influxdb-client-java's {@code InfluxQLQueryApi} ({@link
 * io.github.fulcrumlb.influx.query.InfluxQlHostReader}).
 *
 * <pre>{@code
 * HostReader reader = new InfluxQlHostReader(connection,
 *     new TelegrafMetricsQuery(TelegrafSchema.DEFAULT, Duration.ofMinutes(5)));
 * Map<String, HostReading> readings = reader.read(Set.of("node-5"));
 * }</pre>
 */
package io.github.fulcrumlb.influx.query;
