/**
 * Fulcrum over InfluxDB: host metrics in Telegraf's schema as a {@link
 * io.github.fulcrumlb.api.MetricsSource}, and the balancer's own decisions written back.
 *
 * <ul>
 *   <li>{@code influx} (this package): {@link io.github.fulcrumlb.influx.InfluxConnection} (where
 *       the server is, timeouts, {@link io.github.fulcrumlb.influx.InfluxCredentials} that never
 *       show in logs) and a {@link io.github.fulcrumlb.influx.RateLimitedLogger}.
 *   <li>{@code .query}: InfluxQL text with every identifier and string escaped ({@link
 *       io.github.fulcrumlb.influx.query.InfluxQl}), Telegraf's schema ({@link
 *       io.github.fulcrumlb.influx.query.TelegrafSchema}) and the one query per refresh ({@link
 *       io.github.fulcrumlb.influx.query.TelegrafMetricsQuery}).
 *   <li>{@code .source}: {@link io.github.fulcrumlb.influx.source.InfluxMetricsSource}, the control
 *       plane's view of host metrics: polls in the background, never blocks, keeps last values.
 *   <li>{@code .write}: {@link io.github.fulcrumlb.influx.write.LineProtocolWriter}, batched and
 *       asynchronous writes of line protocol to {@code /write} or {@code /api/v2/write}.
 *   <li>{@code .reporter}: {@link io.github.fulcrumlb.influx.reporter.DecisionReporter}, the
 *       balancer's per-backend stats written as points.
 *   <li>{@code .feeder}: {@link io.github.fulcrumlb.influx.feeder.TelegrafFeeder}, this host's CPU,
 *       memory and network in Telegraf's schema, where Telegraf is absent.
 * </ul>
 *
 * <pre>{@code
 * InfluxConnection influx =
 *     InfluxConnection.builder("http://127.0.0.1:8086").database("telegraf").build();
 * try (InfluxMetricsSource metrics =
 *         InfluxMetricsSource.builder(influx).backends(backends).build();
 *      LoadBalancer lb = LoadBalancer.builder().backends(backends).strategy("least-load")
 *          .metrics(metrics).build()) {
 *   ...
 * }
 * }</pre>
 */
package io.github.fulcrumlb.influx;
