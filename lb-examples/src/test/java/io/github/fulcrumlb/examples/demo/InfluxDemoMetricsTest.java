package io.github.fulcrumlb.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.influx.testing.InfluxServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --influx} against a real InfluxDB (lb-influx's harness: Debian's influxd). */
class InfluxDemoMetricsTest {
  @RegisterExtension static final InfluxServer influx = new InfluxServer();

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void backendUsageGoesThroughInfluxToTheBalancerAndDecisionsComeBack() throws Exception {
    DemoSettings s =
        new DemoSettings(
            "rl",
            2,
            300,
            0,
            3,
            100_000,
            Duration.ofMillis(500),
            Duration.ofMillis(500),
            -1,
            1,
            64,
            influx.url(),
            InfluxServer.DATABASE,
            Map.of());

    DemoResult r = DemoRun.run(s, null, new CountDownLatch(1));

    // rl only leaves its fallback when it has fresh host samples: they came back from InfluxDB
    assertThat(r.mode()).isEqualTo("learned");
    assertThat(r.replies()).isPositive();
    assertThat(influx.query("SELECT count(usage_idle) FROM cpu WHERE host = 'backend-1'"))
        .contains("\"count\"");
    assertThat(influx.query("SELECT count(bytes_recv) FROM net WHERE interface = 'demo0'"))
        .contains("\"count\"");
    assertThat(influx.query("SELECT count(in_flight) FROM fulcrum_backend GROUP BY backend"))
        .contains("backend-0", "backend-1");
  }
}
