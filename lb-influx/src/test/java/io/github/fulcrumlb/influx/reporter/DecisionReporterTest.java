package io.github.fulcrumlb.influx.reporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.testing.FakeHttpServer;
import io.github.fulcrumlb.influx.write.LineProtocolWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Point contents with a fake clock; the body is caught by a fake server on 127.0.0.1. */
class DecisionReporterTest {
  @Test
  void pointsCarryRatesFromCompletedCountsAndTheSuppliedFallbackFlag() throws Exception {
    ManualTimeSource clock = new ManualTimeSource();
    AtomicBoolean fallback = new AtomicBoolean();
    try (FakeHttpServer server = new FakeHttpServer(ex -> FakeHttpServer.respond(ex, 204, ""));
        LoadBalancer lb =
            LoadBalancer.builder()
                .backends(List.of(Backend.of("a", "10.0.0.1", 80)))
                .strategy(Strategies.create("p2c"))
                .time(clock)
                .manualRefresh()
                .build();
        LineProtocolWriter writer =
            LineProtocolWriter.builder(
                    InfluxConnection.builder(server.url())
                        .writeApi(InfluxConnection.WriteApi.V1)
                        .build())
                .build();
        DecisionReporter reporter =
            DecisionReporter.builder(writer, lb::stats)
                .fallback(fallback::get)
                .measurement("lb")
                .time(clock)
                .manualReport()
                .build()) {
      reporter.report();
      for (int i = 0; i < 30; i++) {
        Endpoint e = lb.pick();
        lb.report(e, 2_000_000, i % 10 != 0);
      }
      clock.advance(Duration.ofSeconds(3));
      fallback.set(true);
      reporter.report();
      assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();

      String body =
          String.join("\n", server.received().stream().map(FakeHttpServer.Received::body).toList());
      String[] lines = body.split("\n");
      assertThat(lines).hasSize(2);
      assertThat(lines[0])
          .startsWith("lb,backend=a,strategy=p2c ")
          .contains("fallback=false")
          .doesNotContain("picks_per_second")
          .doesNotContain("latency_p50_ms"); // no LatencyRecordingStrategy given
      assertThat(lines[1])
          .contains("picks_per_second=10.0")
          .contains("completed=30i")
          .contains("failed=3i")
          .contains("fallback=true")
          .contains("panic_mode=false")
          .endsWith(" " + clock.currentTimeMillis());
    }
  }
}
