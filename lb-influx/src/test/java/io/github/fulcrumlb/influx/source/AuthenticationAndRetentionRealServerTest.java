package io.github.fulcrumlb.influx.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.InfluxCredentials;
import io.github.fulcrumlb.influx.testing.InfluxServer;
import io.github.fulcrumlb.influx.write.LinePoint;
import io.github.fulcrumlb.influx.write.LineProtocolWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real influxd with authentication on: user + password, a retention policy, both directions. */
class AuthenticationAndRetentionRealServerTest {
  @RegisterExtension static final InfluxServer influx = InfluxServer.withAuthentication();

  private static InfluxConnection connection(String password) {
    return InfluxConnection.builder(influx.url())
        .database(InfluxServer.DATABASE)
        .retentionPolicy("short")
        .credentials(InfluxCredentials.userPassword(InfluxServer.ADMIN, password))
        .writeApi(InfluxConnection.WriteApi.V1)
        .build();
  }

  @Test
  void writesAndReadsWithUserPasswordInARetentionPolicy() throws Exception {
    influx.query(
        "CREATE RETENTION POLICY short ON " + InfluxServer.DATABASE + " DURATION 1h REPLICATION 1");
    long t = System.currentTimeMillis() - 1_000;
    InfluxConnection c = connection(InfluxServer.ADMIN_PASSWORD);
    try (LineProtocolWriter writer = LineProtocolWriter.builder(c).build()) {
      writer.offer(
          LinePoint.measurement("cpu")
              .tag("cpu", "cpu-total")
              .tag("host", "secure")
              .field("usage_idle", 60.0)
              .timeMillis(t));
      assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(writer.stats().written()).isEqualTo(1);
    }
    // Not in the default retention policy: only a reader asking for "short" sees it.
    assertThat(influx.query("SELECT * FROM cpu WHERE host = 'secure'")).doesNotContain("secure");

    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(c)
            .backends(List.of(Backend.of("secure", "x", 1)))
            .manualRefresh()
            .build()) {
      assertThat(source.refresh()).isTrue();
      assertThat(source.latest().get("secure").cpu()).isCloseTo(0.4, within(1e-9));
    }
  }

  @Test
  void aWrongPasswordIsAFailedRefreshThatNamesTheStatusAndHidesThePassword() {
    String wrong = "wrong-" + InfluxServer.ADMIN_PASSWORD;
    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(connection(wrong))
            .backends(List.of(Backend.of("secure", "x", 1)))
            .manualRefresh()
            .build()) {
      assertThat(source.refresh()).isFalse();
      assertThat(source.status().lastError())
          .get()
          .asString()
          .contains("401")
          .doesNotContain(wrong);
      assertThat(source.toString()).doesNotContain(wrong);
    }
  }
}
