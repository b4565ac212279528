package io.github.fulcrumlb.examples.demo;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.MetricsSource;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.feeder.TelegrafFeeder;
import io.github.fulcrumlb.influx.reporter.DecisionReporter;
import io.github.fulcrumlb.influx.source.InfluxMetricsSource;
import io.github.fulcrumlb.influx.source.SourceStatus;
import io.github.fulcrumlb.influx.write.LineProtocolWriter;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.github.fulcrumlb.rl.serving.RlStats;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's metrics through a real InfluxDB ({@code --influx URL}), in Telegraf's schema:
 *
 * <ul>
 *   <li>one lb-influx {@link TelegrafFeeder} per backend, {@code host} tag = the backend id, over a
 *       {@link BackendUsageProbe} (that backend's CPU, queue and byte counters), standing in for a
 *       Telegraf agent on each backend host;
 *   <li>one more feeder with lb-influx's {@code ProcfsUsageProbe}: this machine's real usage from
 *       {@code /proc}, tagged with its host name (for dashboards; no backend maps to it);
 *   <li>the balancer reads them back with {@link InfluxMetricsSource} (one InfluxQL request per
 *       refresh), and a {@link DecisionReporter} writes its per-backend decisions ({@code
 *       fulcrum_backend}), with {@code fallback} set while {@code rl} runs on its fallback.
 * </ul>
 *
 * The database must exist (1.x: {@code CREATE DATABASE telegraf}; 2.x: a DBRP mapping).
 *
 * <pre>{@code
 * try (InfluxDemoMetrics m = new InfluxDemoMetrics("http://127.0.0.1:8086", "telegraf",
 *     backends, Duration.ofSeconds(2))) { ... }
 * }</pre>
 */
public final class InfluxDemoMetrics implements DemoMetrics {
  private final String url;
  private final Duration interval;
  private final LineProtocolWriter writer;
  private final List<TelegrafFeeder> feeders = new ArrayList<>();
  private final InfluxMetricsSource source;
  private DecisionReporter reporter;

  /**
   * Starts the feeders and the source.
   *
   * @param url the InfluxDB URL
   * @param database its database
   * @param backends the demo's backends
   * @param interval collection and refresh period
   */
  public InfluxDemoMetrics(
      String url, String database, List<CpuBoundBackend> backends, Duration interval) {
    this.url = url;
    this.interval = interval;
    InfluxConnection influx = InfluxConnection.builder(url).database(database).build();
    this.writer = LineProtocolWriter.builder(influx).build();
    List<Backend> members = new ArrayList<>();
    for (CpuBoundBackend b : backends) {
      feeders.add(
          TelegrafFeeder.builder(writer)
              .probe(new BackendUsageProbe(b))
              .host(b.id())
              .interval(interval)
              .build());
      members.add(Backend.of(b.id(), "127.0.0.1", b.address().getPort()));
    }
    feeders.add(TelegrafFeeder.builder(writer).interval(interval).build());
    this.source = InfluxMetricsSource.builder(influx).backends(members).interval(interval).build();
  }

  @Override
  public MetricsSource source() {
    return source;
  }

  @Override
  public synchronized void attach(UdpBalancer balancer) {
    DecisionReporter.Builder b =
        DecisionReporter.builder(writer, balancer.loadBalancer()::stats)
            .balancerName("fulcrum-demo")
            .interval(interval);
    if (balancer.strategy() instanceof RlStrategy rl) {
      b.fallback(() -> rl.stats().mode() == RlStats.Mode.FALLBACK);
    }
    reporter = b.build();
  }

  @Override
  public String describe() {
    SourceStatus st = source.status();
    return "InfluxDB "
        + url
        + " (Telegraf schema), every "
        + interval.toMillis() / 1000.0
        + " s: "
        + st.refreshes()
        + " reads, "
        + st.hostsWithData()
        + " hosts with data"
        + (st.failures() == 0 ? "" : ", " + st.failures() + " failed reads")
        + (st.rejectedValues() == 0 ? "" : ", " + st.rejectedValues() + " values rejected")
        + st.lastError().map(e -> " (" + e + ")").orElse("");
  }

  @Override
  public synchronized void close() {
    if (reporter != null) {
      reporter.report();
      reporter.close();
      reporter = null;
    }
    feeders.forEach(TelegrafFeeder::close);
    source.close();
    writer.close();
  }
}
