package io.github.fulcrumlb.influx.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.query.TelegrafSchema;
import io.github.fulcrumlb.influx.testing.InfluxServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** InfluxMetricsSource against a real influxd (1.6.7), with Telegraf-schema points written here. */
class InfluxMetricsSourceRealServerTest {
  @RegisterExtension static final InfluxServer influx = new InfluxServer();

  private static final AtomicInteger HOSTS = new AtomicInteger();

  private InfluxConnection connection() {
    return InfluxConnection.builder(influx.url())
        .database(InfluxServer.DATABASE)
        .timeout(Duration.ofSeconds(2))
        .build();
  }

  /** A host name no other test uses (tests share one server). */
  private static String host(String prefix) {
    return prefix + "-" + HOSTS.incrementAndGet();
  }

  private static String cpu(String host, double idle, long t) {
    return Point.measurement("cpu")
        .addTag("cpu", "cpu-total")
        .addTag("host", host)
        .addField("usage_idle", idle)
        .time(t, WritePrecision.MS)
        .toLineProtocol();
  }

  private static String mem(String host, double usedPercent, long t) {
    return Point.measurement("mem")
        .addTag("host", host)
        .addField("used_percent", usedPercent)
        .time(t, WritePrecision.MS)
        .toLineProtocol();
  }

  private static String net(String host, String iface, long recv, long sent, long t) {
    return Point.measurement("net")
        .addTag("host", host)
        .addTag("interface", iface)
        .addField("bytes_recv", recv)
        .addField("bytes_sent", sent)
        .time(t, WritePrecision.MS)
        .toLineProtocol();
  }

  private InfluxMetricsSource source(List<Backend> backends) {
    return InfluxMetricsSource.builder(connection()).backends(backends).manualRefresh().build();
  }

  @Test
  void readsBackWhatWasWrittenWithRatesPerSecondSummedOverInterfaces() throws Exception {
    String h = host("node");
    long t = System.currentTimeMillis() - 5_000;
    influx.write(
        cpu(h, 90, t - 10_000),
        cpu(h, 75, t), // newest wins: 25 % busy
        mem(h, 40, t - 10_000),
        mem(h, 62.5, t),
        net(h, "eth0", 1_000, 500, t - 10_000),
        net(h, "eth0", 21_000, 2_500, t),
        net(h, "eth1", 0, 0, t - 10_000),
        net(h, "eth1", 5_000, 1_000, t),
        cpu(h, 10, t - 400_000)); // older, and outside the 5-minute look-back: ignored

    try (InfluxMetricsSource source = source(List.of(Backend.of(h, "10.0.0.1", 80)))) {
      assertThat(source.refresh()).isTrue();
      HostMetrics m = source.latest().get(h);
      assertThat(m).isNotNull();
      assertThat(m.cpu()).isCloseTo(0.25, within(1e-9));
      assertThat(m.memory()).isCloseTo(0.625, within(1e-9));
      // (21000 - 1000 + 5000 - 0) bytes in 10 s; (2500 - 500 + 1000 - 0) bytes in 10 s
      assertThat(m.networkInBytesPerSecond()).isCloseTo(2_500.0, within(1e-9));
      assertThat(m.networkOutBytesPerSecond()).isCloseTo(300.0, within(1e-9));
      assertThat(m.sampledAtMillis()).isEqualTo(t);
    }
  }

  @Test
  void readsOneNamedInterfaceWhenConfigured() throws Exception {
    String h = host("iface");
    long t = System.currentTimeMillis() - 2_000;
    influx.write(
        net(h, "eth0", 0, 0, t - 2_000),
        net(h, "eth0", 4_000, 2_000, t),
        net(h, "eth1", 0, 0, t - 2_000),
        net(h, "eth1", 1_000_000, 1_000_000, t));
    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(connection())
            .schema(TelegrafSchema.builder().networkInterface("eth0").build())
            .backends(List.of(Backend.of(h, "x", 1)))
            .manualRefresh()
            .build()) {
      assertThat(source.refresh()).isTrue();
      HostMetrics m = source.latest().get(h);
      assertThat(m.networkInBytesPerSecond()).isCloseTo(2_000.0, within(1e-9));
      assertThat(m.networkOutBytesPerSecond()).isCloseTo(1_000.0, within(1e-9));
      assertThat(m.cpu()).isZero(); // never reported: counts as 0
    }
  }

  @Test
  void oneRefreshServesManyBackendsAndMapsHostTags() throws Exception {
    long t = System.currentTimeMillis() - 1_000;
    List<Backend> backends = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String h = host("many");
      backends.add(Backend.of("backend-" + i, h, 9000));
      lines.add(cpu(h, 100 - i, t));
      lines.add(mem(h, i, t));
    }
    influx.write(lines);
    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(connection())
            .backends(backends)
            .hostTags(HostTagMapping.BACKEND_HOST)
            .manualRefresh()
            .build()) {
      assertThat(source.refresh()).isTrue();
      Map<String, HostMetrics> latest = source.latest();
      assertThat(latest).hasSize(20);
      for (int i = 0; i < 20; i++) {
        assertThat(latest.get("backend-" + i).cpu()).isCloseTo(i / 100.0, within(1e-9));
        assertThat(latest.get("backend-" + i).memory()).isCloseTo(i / 100.0, within(1e-9));
      }
    }
  }

  @Test
  void marksValuesStaleWhenWritesStopAndKeepsThem() throws Exception {
    String h = host("stale");
    long t = System.currentTimeMillis() - 1_000;
    influx.write(cpu(h, 50, t), mem(h, 50, t));
    ManualTimeSource clock = new ManualTimeSource(t + 1_000);
    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(connection())
            .backends(List.of(Backend.of(h, "x", 1)))
            .staleAfter(Duration.ofSeconds(30))
            .time(clock)
            .manualRefresh()
            .build()) {
      assertThat(source.refresh()).isTrue();
      assertThat(source.staleBackends()).isEmpty();

      clock.advance(Duration.ofSeconds(31)); // Telegraf stopped writing
      assertThat(source.refresh()).isTrue();
      assertThat(source.latest().get(h).sampledAtMillis()).isEqualTo(t);
      assertThat(source.latest().get(h).cpu()).isCloseTo(0.5, within(1e-9));
      assertThat(source.staleBackends()).containsExactly(h);
    }
  }

  @Test
  void hostileHostNamesAreHostNamesNotQueries() throws Exception {
    long t = System.currentTimeMillis() - 1_000;
    String suffix = "-" + HOSTS.incrementAndGet();
    List<String> hostile =
        List.of(
            "a\" OR 1=1 --" + suffix,
            "b' OR '1'='1" + suffix,
            "c\\" + suffix,
            "d'; DROP DATABASE " + InfluxServer.DATABASE + "; --" + suffix,
            "e,f=g h\\'" + suffix,
            "/.*/" + suffix);
    String bystander = host("bystander");
    List<String> lines = new ArrayList<>();
    List<Backend> backends = new ArrayList<>();
    for (int i = 0; i < hostile.size(); i++) {
      lines.add(cpu(hostile.get(i), 100 - 10 * (i + 1), t));
      backends.add(new Backend("hostile-" + i, "x", 1, 1, Map.of("host", hostile.get(i))));
    }
    lines.add(cpu(bystander, 0, t));
    influx.write(lines);

    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(connection())
            .backends(backends)
            .hostTags(HostTagMapping.metadata("host"))
            .manualRefresh()
            .build()) {
      assertThat(source.refresh()).isTrue();
      Map<String, HostMetrics> latest = source.latest();
      assertThat(latest).hasSize(hostile.size()); // no bystander, nothing more
      for (int i = 0; i < hostile.size(); i++) {
        assertThat(latest.get("hostile-" + i).cpu())
            .as(hostile.get(i))
            .isCloseTo(0.1 * (i + 1), within(1e-9));
      }
    }
    assertThat(influx.query("SHOW DATABASES")).contains(InfluxServer.DATABASE);
  }

  @Test
  void serverKilledMidRunDegradesAndRecoversAfterRestart() throws Exception {
    String h = host("crash");
    long t = System.currentTimeMillis() - 1_000;
    influx.write(cpu(h, 80, t), mem(h, 30, t));
    AtomicInteger notified = new AtomicInteger();
    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(connection())
            .backends(List.of(Backend.of(h, "x", 1)))
            .manualRefresh()
            .build()) {
      source.subscribe(notified::incrementAndGet);
      assertThat(source.refresh()).isTrue();
      HostMetrics before = source.latest().get(h);
      assertThat(notified).hasValue(1);

      influx.kill();
      assertThatCode(
              () -> {
                assertThat(source.refresh()).isFalse();
                assertThat(source.refresh()).isFalse();
              })
          .doesNotThrowAnyException();
      assertThat(source.latest()).containsEntry(h, before); // last values kept
      assertThat(source.status().consecutiveFailures()).isEqualTo(2);
      assertThat(source.status().lastError()).isPresent();
      assertThat(notified).hasValue(1);

      influx.restart();
      long t2 = System.currentTimeMillis();
      influx.write(cpu(h, 20, t2), mem(h, 30, t2));
      assertThat(source.refresh()).isTrue();
      assertThat(source.latest().get(h).cpu()).isCloseTo(0.8, within(1e-9));
      assertThat(source.latest().get(h).sampledAtMillis()).isEqualTo(t2);
      assertThat(source.status().healthy()).isTrue();
      assertThat(notified).hasValue(2);
    }
  }

  @Test
  void backgroundRefreshesFeedLatestAndNotifyListeners() throws Exception {
    String h = host("background");
    long t = System.currentTimeMillis() - 1_000;
    influx.write(cpu(h, 60, t), mem(h, 10, t));
    java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(connection())
            .backends(List.of(Backend.of(h, "x", 1)))
            .interval(Duration.ofMillis(100))
            .build()) {
      source.subscribe(changed::countDown);
      assertThat(changed.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(source.latest().get(h).cpu()).isCloseTo(0.4, within(1e-9));
    }
  }

  @Test
  void readsRenamedMeasurementsFieldsAndTags() throws Exception {
    String h = host("renamed");
    long t = System.currentTimeMillis() - 2_000;
    influx.write(
        "system_cpu,core=all,hostname=" + h + " idle_pct=35 " + t,
        "system_mem,hostname=" + h + " used_pct=20 " + t,
        "system_net,hostname=" + h + ",nic=en0 rx=0i,tx=0i " + (t - 1_000),
        "system_net,hostname=" + h + ",nic=en0 rx=3000i,tx=1000i " + t);
    TelegrafSchema schema =
        TelegrafSchema.builder()
            .hostTag("hostname")
            .cpu("system_cpu", "idle_pct", "core", "all")
            .memory("system_mem", "used_pct")
            .network("system_net", "rx", "tx", "nic")
            .build();
    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(connection())
            .schema(schema)
            .backends(List.of(Backend.of(h, "x", 1)))
            .manualRefresh()
            .build()) {
      assertThat(source.refresh()).isTrue();
      assertThat(source.latest().get(h)).isEqualTo(new HostMetrics(0.65, 0.2, 3_000.0, 1_000.0, t));
    }
  }

  @Test
  void aWrongDatabaseIsAFailedReadAndTheStatusSaysSo() throws Exception {
    InfluxConnection wrong = InfluxConnection.builder(influx.url()).database("no_such_db").build();
    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(wrong)
            .backends(List.of(Backend.of("a", "x", 1)))
            .manualRefresh()
            .build()) {
      assertThat(source.refresh()).isFalse();
      assertThat(source.status().lastError())
          .hasValueSatisfying(e -> assertThat(e).contains("database not found: no_such_db"));
      assertThat(source.latest()).isEmpty();
    }
  }

  @Test
  void backgroundRefreshesSurviveAKilledServerAndRecoverByThemselves() throws Exception {
    String h = host("self-heal");
    long t = System.currentTimeMillis() - 1_000;
    influx.write(cpu(h, 70, t));
    java.util.concurrent.BlockingQueue<Double> seen =
        new java.util.concurrent.LinkedBlockingQueue<>();
    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(connection())
            .backends(List.of(Backend.of(h, "x", 1)))
            .interval(Duration.ofMillis(100))
            .build()) {
      source.subscribe(() -> seen.add(source.latest().get(h).cpu()));
      assertThat(seen.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isCloseTo(0.3, within(1e-9));

      influx.kill();
      long failuresBefore = source.status().failures();
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (source.status().failures() < failuresBefore + 3 && System.nanoTime() < deadline) {
        assertThat(source.latest().get(h).cpu()).isCloseTo(0.3, within(1e-9)); // kept, no throw
        Thread.onSpinWait();
      }
      assertThat(source.status().failures()).isGreaterThanOrEqualTo(failuresBefore + 3);

      influx.restart();
      influx.write(cpu(h, 10, System.currentTimeMillis()));
      assertThat(seen.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isCloseTo(0.9, within(1e-9));
      assertThat(source.status().healthy()).isTrue();
    }
  }
}
