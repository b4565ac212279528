package io.github.fulcrumlb.influx.feeder;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.source.InfluxMetricsSource;
import io.github.fulcrumlb.influx.testing.InfluxServer;
import io.github.fulcrumlb.influx.write.LineProtocolWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** This host's real usage, fed in Telegraf's schema, read back by the source a balancer uses. */
class TelegrafFeederRealServerTest {
  @RegisterExtension static final InfluxServer influx = new InfluxServer();

  @Test
  void feedsThisHostsRealUsageThatTheSourceReadsBack() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs Linux /proc");
    InfluxConnection connection =
        InfluxConnection.builder(influx.url()).database(InfluxServer.DATABASE).build();
    ManualTimeSource clock = new ManualTimeSource(System.currentTimeMillis() - 5_000);
    List<Backend> backends = List.of(Backend.of("self", "127.0.0.1", 9000));
    try (LineProtocolWriter writer = LineProtocolWriter.builder(connection).build();
        TelegrafFeeder feeder =
            TelegrafFeeder.builder(writer).host("self").time(clock).manualCollect().build();
        InfluxMetricsSource metrics =
            InfluxMetricsSource.builder(connection).backends(backends).manualRefresh().build();
        LoadBalancer lb =
            LoadBalancer.builder()
                .backends(backends)
                .strategy("least-load")
                .metrics(metrics)
                .manualRefresh()
                .build()) {
      int first = feeder.collect(); // mem and net only: CPU needs two readings
      busyFor(Duration.ofMillis(50));
      clock.advance(Duration.ofSeconds(1));
      int second = feeder.collect();
      assertThat(second).isEqualTo(first + 1);
      assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(writer.stats().written()).isEqualTo(first + second);

      assertThat(metrics.refresh()).isTrue();
      HostMetrics m = metrics.latest().get("self");
      assertThat(m).isNotNull();
      assertThat(m.cpu()).isBetween(0.0, 1.0);
      assertThat(m.memory()).isGreaterThan(0.0).isLessThan(1.0);
      assertThat(m.networkInBytesPerSecond()).isGreaterThanOrEqualTo(0.0);
      assertThat(m.sampledAtMillis()).isEqualTo(clock.currentTimeMillis());
      lb.refresh();
      assertThat(lb.pick().id()).isEqualTo("self");
    }
  }

  private static void busyFor(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    long x = 0;
    while (System.nanoTime() < end) {
      x += System.nanoTime() % 7;
    }
    assertThat(x).isGreaterThanOrEqualTo(0);
  }
}
