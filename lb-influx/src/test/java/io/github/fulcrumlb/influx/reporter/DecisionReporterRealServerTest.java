package io.github.fulcrumlb.influx.reporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.testing.InfluxServer;
import io.github.fulcrumlb.influx.write.LineProtocolWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reporter's points land in a real influxd and can be queried back. */
class DecisionReporterRealServerTest {
  @RegisterExtension static final InfluxServer influx = new InfluxServer();

  @Test
  void reportedStatsLandAndCanBeQueried() throws Exception {
    ManualTimeSource clock = new ManualTimeSource(System.currentTimeMillis() - 60_000);
    LatencyRecordingStrategy strategy =
        new LatencyRecordingStrategy(Strategies.create("round-robin"));
    InfluxConnection connection =
        InfluxConnection.builder(influx.url()).database(InfluxServer.DATABASE).build();
    try (LoadBalancer lb =
            LoadBalancer.builder()
                .backends(List.of(Backend.of("a", "10.0.0.1", 80), Backend.of("b", "10.0.0.2", 80)))
                .strategy(strategy)
                .time(clock)
                .manualRefresh()
                .build();
        LineProtocolWriter writer = LineProtocolWriter.builder(connection).build();
        DecisionReporter reporter =
            DecisionReporter.builder(writer, lb::stats)
                .latencies(strategy)
                .balancerName("it")
                .time(clock)
                .manualReport()
                .build()) {
      assertThat(reporter.report()).isEqualTo(2); // first report: no rate yet
      for (int i = 0; i < 200; i++) { // 100 each, 1..100 ms
        Endpoint e = lb.pick();
        lb.report(e, (i / 2 + 1) * 1_000_000L, true);
      }
      Endpoint open = lb.pick(); // one left in flight
      clock.advance(Duration.ofSeconds(10));
      assertThat(reporter.report()).isEqualTo(2);
      assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(writer.stats().written()).isEqualTo(4);
      assertThat(writer.writeApi()).isEqualTo(InfluxConnection.WriteApi.V1); // 1.6.7 detected

      String json =
          influx.query(
              "SELECT picks_per_second, in_flight, latency_p50_ms, latency_p99_ms, fallback,"
                  + " completed FROM fulcrum_backend WHERE balancer = 'it' AND strategy ="
                  + " 'round-robin' AND picks_per_second > 0 GROUP BY backend");
      assertThat(json).contains("\"backend\":\"a\"").contains("\"backend\":\"b\"");
      // 100 completed per backend in 10 s = 10/s; p50 ~50 ms, p99 ~99 ms (2 significant digits)
      assertThat(json).contains(",10,").contains(",false,100]");
      assertThat(json).containsPattern(",(49|50)(\\.\\d+)?,(98|99)(\\.\\d+)?,");
      lb.cancel(open);
    }
  }
}
