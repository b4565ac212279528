package io.github.fulcrumlb.influx.example;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.InfluxCredentials;
import io.github.fulcrumlb.influx.reporter.DecisionReporter;
import io.github.fulcrumlb.influx.reporter.LatencyRecordingStrategy;
import io.github.fulcrumlb.influx.source.HostTagMapping;
import io.github.fulcrumlb.influx.source.InfluxMetricsSource;
import io.github.fulcrumlb.influx.write.LineProtocolWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The README's InfluxDB example as code: a test runs it against a real influxd and checks that the
 * README shows it word for word.
 */
public final class InfluxEmbeddingExample {
  private InfluxEmbeddingExample() {}

  /** Serves {@code calls} calls over {@code backends}; returns how many each backend served. */
  public static Map<String, Integer> run(
      String url, InfluxCredentials credentials, List<Backend> backends, int calls)
      throws Exception {
    Map<String, Integer> served = new TreeMap<>();
    // README:start
    InfluxConnection influx =
        InfluxConnection.builder(url) // e.g. "http://influx.example.com:8086"
            .database("telegraf") // on 2.x: the DBRP-mapped name
            .credentials(credentials) // token(...), userPassword(...) or none()
            .timeout(Duration.ofSeconds(2)) // every call, connect included
            .build();
    LatencyRecordingStrategy strategy =
        new LatencyRecordingStrategy(Strategies.create("least-load"));
    try (InfluxMetricsSource metrics =
            InfluxMetricsSource.builder(influx)
                .backends(backends)
                .hostTags(HostTagMapping.BACKEND_HOST) // host tag = Backend.host(); default: the id
                .interval(Duration.ofSeconds(5)) // the default
                .build();
        LoadBalancer lb =
            LoadBalancer.builder()
                .backends(backends)
                .strategy(strategy) // least-load, with latencies recorded
                .metrics(metrics)
                .build();
        LineProtocolWriter writer = LineProtocolWriter.builder(influx).build();
        DecisionReporter reporter =
            DecisionReporter.builder(writer, lb::stats)
                .latencies(strategy)
                .balancerName("api")
                .build()) { // writes every 10 s
      for (int i = 0; i < calls; i++) {
        String id = lb.execute(backend -> callService(backend));
        served.merge(id, 1, Integer::sum);
      }
      reporter.report(); // now as well, then close() flushes
    }
    // README:end
    return served;
  }

  private static String callService(Backend backend) {
    return backend.id();
  }
}
