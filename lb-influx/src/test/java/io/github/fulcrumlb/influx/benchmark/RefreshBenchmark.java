package io.github.fulcrumlb.influx.benchmark;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.query.InfluxQlHostReader;
import io.github.fulcrumlb.influx.query.TelegrafMetricsQuery;
import io.github.fulcrumlb.influx.query.TelegrafSchema;
import io.github.fulcrumlb.influx.source.InfluxMetricsSource;
import io.github.fulcrumlb.influx.testing.InfluxServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * How long one {@link InfluxMetricsSource#refresh()} takes for N backends against a real influxd on
 * loopback, beside, in the same run, a peer: the same readings fetched with one request per host
 * (what a naive source would do). Target: one refresh for 100 backends in ≤ 100 ms.
 *
 * <p>Not a test: run it with {@code lb-influx/run-refresh-benchmark.sh [backends] [refreshes]}. It
 * starts its own influxd, writes 30 s of Telegraf-schema points (10 s apart, two interfaces) for
 * every host, warms up, then times each refresh and prints percentiles.
 */
public final class RefreshBenchmark {
  private RefreshBenchmark() {}

  public static void main(String[] args) throws Exception {
    int backends = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int refreshes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    double targetMillis = 100.0;
    try (InfluxServer influx = new InfluxServer()) {
      influx.start();
      long now = System.currentTimeMillis();
      List<Backend> list = new ArrayList<>();
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < backends; i++) {
        String host = "node-" + i;
        list.add(Backend.of(host, "10.0.0." + (i % 250), 9000));
        for (int k = 0; k < 4; k++) {
          long t = now - 30_000 + k * 10_000L;
          lines.add(
              point("cpu", host, t)
                  .addTag("cpu", "cpu-total")
                  .addField("usage_idle", 50.0 + k)
                  .toLineProtocol());
          lines.add(point("mem", host, t).addField("used_percent", 40.0 + k).toLineProtocol());
          for (String iface : List.of("eth0", "eth1")) {
            lines.add(
                point("net", host, t)
                    .addTag("interface", iface)
                    .addField("bytes_recv", 1_000_000L * k)
                    .addField("bytes_sent", 500_000L * k)
                    .toLineProtocol());
          }
        }
      }
      influx.write(lines);

      InfluxConnection connection =
          InfluxConnection.builder(influx.url())
              .database(InfluxServer.DATABASE)
              .timeout(Duration.ofSeconds(5))
              .build();
      Histogram one = new Histogram(60_000_000_000L, 3);
      Histogram perHost = new Histogram(60_000_000_000L, 3);
      try (InfluxMetricsSource source =
          InfluxMetricsSource.builder(connection).backends(list).manualRefresh().build()) {
        time(source, one, Math.max(20, refreshes / 4)); // warm-up, discarded
        one.reset();
        time(source, one, refreshes);
        if (source.latest().size() != backends) {
          throw new IllegalStateException("read " + source.latest().size() + " of " + backends);
        }
      }
      try (InfluxQlHostReader reader =
          new InfluxQlHostReader(
              connection,
              new TelegrafMetricsQuery(TelegrafSchema.DEFAULT, Duration.ofMinutes(5)))) {
        int peerRounds = Math.max(5, refreshes / 10);
        for (int round = 0; round < peerRounds + 5; round++) { // 5 warm-up rounds
          long start = System.nanoTime();
          for (Backend b : list) {
            if (reader.read(Set.of(b.id())).size() != 1) {
              throw new IllegalStateException("no reading for " + b.id());
            }
          }
          if (round >= 5) {
            perHost.recordValue(System.nanoTime() - start);
          }
        }
      }
      Histogram raw = new Histogram(60_000_000_000L, 3);
      String text =
          new TelegrafMetricsQuery(TelegrafSchema.DEFAULT, Duration.ofMinutes(5))
              .text(list.stream().map(Backend::id).toList());
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpRequest request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create(
                      influx.url() + "/query?db=" + InfluxServer.DATABASE + "&epoch=ms"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(
                  java.net.http.HttpRequest.BodyPublishers.ofString(
                      "q="
                          + java.net.URLEncoder.encode(
                              text, java.nio.charset.StandardCharsets.UTF_8)))
              .build();
      for (int i = 0; i < refreshes + 20; i++) {
        long start = System.nanoTime();
        http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        if (i >= 20) {
          raw.recordValue(System.nanoTime() - start);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "InfluxMetricsSource.refresh, %d backends, influxd %s on 127.0.0.1%n",
          backends,
          "1.6.7");
      System.out.println("| what | runs | p50 ms | p90 ms | p99 ms | max ms | vs target |");
      System.out.println("|---|---:|---:|---:|---:|---:|---|");
      row("one request for all backends (InfluxMetricsSource.refresh)", one, targetMillis);
      row("reference: the same request by java.net.http, unparsed", raw, targetMillis);
      row("peer: one request per backend (" + backends + " requests)", perHost, targetMillis);
      double p99 = one.getValueAtPercentile(99) / 1e6;
      System.out.printf(
          Locale.ROOT,
          "%nrefresh p99 %.2f ms %s the %.0f ms target; peer/refresh p50 ratio %.1f x%n",
          p99,
          p99 <= targetMillis ? "meets" : "MISSES",
          targetMillis,
          perHost.getValueAtPercentile(50) / (double) one.getValueAtPercentile(50));
    }
  }

  private static Point point(String measurement, String host, long t) {
    return Point.measurement(measurement).addTag("host", host).time(t, WritePrecision.MS);
  }

  private static void time(InfluxMetricsSource source, Histogram h, int n) {
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      if (!source.refresh()) {
        throw new IllegalStateException("refresh failed: " + source.status());
      }
      h.recordValue(System.nanoTime() - start);
    }
  }

  private static void row(String what, Histogram h, double targetMillis) {
    double p99 = h.getValueAtPercentile(99) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %.2f | %.2f | %.2f | %.2f | %s |%n",
        what,
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(90) / 1e6,
        p99,
        h.getMaxValue() / 1e6,
        p99 <= targetMillis ? "ok (p99 <= 100 ms)" : "over 100 ms");
  }
}
