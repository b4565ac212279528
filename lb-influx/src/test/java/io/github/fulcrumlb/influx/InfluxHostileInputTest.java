package io.github.fulcrumlb.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.influx.source.InfluxMetricsSource;
import io.github.fulcrumlb.influx.source.SourceStatus;
import io.github.fulcrumlb.influx.testing.InfluxServer;
import io.github.fulcrumlb.influx.write.LinePoint;
import io.github.fulcrumlb.influx.write.LineProtocolWriter;
import io.github.fulcrumlb.influx.write.WriterStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lb-influx fed hostile data and configuration, against a real influxd 1.6.7 (skipped locally
 * without it, failing under CI=true). Each case states the input and what must survive: one bad
 * value costs at most that host's signal, counted in the status; one odd host name never breaks the
 * query for the others; a point InfluxDB refuses is counted, the rest of its batch written.
 */
public class InfluxHostileInputTest {
  @RegisterExtension static final InfluxServer influx = new InfluxServer();

  private static final AtomicInteger HOSTS = new AtomicInteger();

  /** Every character that means something to InfluxQL, line protocol, JSON or a regex. */
  static final String[] SPECIAL = {
    "'",
    "\"",
    "\\",
    "\n",
    "\r",
    "\t",
    " ",
    ",",
    "=",
    "/",
    "^",
    "$",
    ".",
    "*",
    "+",
    "?",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "|",
    "#",
    ";",
    "--",
    "\u00e9",
    "\u6f22",
    "\ud83d\ude00",
    "\\'",
    "\\n",
    "\\\"",
    "\\,",
    "\\ ",
    "\\="
  };

  /** {@link #SPECIAL}, for the unit tests of the escaping functions. */
  public static List<String> specialCharacters() {
    return List.of(SPECIAL);
  }

  private static InfluxConnection connection(String database) {
    return InfluxConnection.builder(influx.url())
        .database(database)
        .timeout(Duration.ofSeconds(2))
        .build();
  }

  private static String unique(String prefix) {
    return prefix + "-" + HOSTS.incrementAndGet();
  }

  private static LinePoint cpu(String host, double idle, long t) {
    return LinePoint.measurement("cpu")
        .tag("cpu", "cpu-total")
        .tag("host", host)
        .field("usage_idle", idle)
        .timeMillis(t);
  }

  private static LinePoint mem(String host, double usedPercent, long t) {
    return LinePoint.measurement("mem")
        .tag("host", host)
        .field("used_percent", usedPercent)
        .timeMillis(t);
  }

  private static LinePoint net(String host, double recv, double sent, long t) {
    return LinePoint.measurement("net")
        .tag("host", host)
        .tag("interface", "eth0")
        .field("bytes_recv", recv)
        .field("bytes_sent", sent)
        .timeMillis(t);
  }

  private static void write(LinePoint... points) throws Exception {
    List<String> lines = new ArrayList<>();
    for (LinePoint p : points) {
      lines.add(p.toLine());
    }
    influx.write(lines);
  }

  private static InfluxMetricsSource source(List<Backend> backends) {
    return InfluxMetricsSource.builder(connection(InfluxServer.DATABASE))
        .backends(backends)
        .manualRefresh()
        .build();
  }

  /**
   * Input: one host's net counter jumps to 1.7e308 (an infinite rate). Survives: the refresh
   * succeeds, every other host and that host's CPU and memory are read, the bad value is counted
   * and named in the status.
   */
  @Test
  void counterJumpToHugeValueCostsOnlyThatSignal() throws Exception {
    String bad = unique("jump");
    String good = unique("fine");
    long t = System.currentTimeMillis() - 5_000;
    write(
        cpu(bad, 60, t),
        mem(bad, 50, t),
        net(bad, 1_000, 10, t - 1_000),
        net(bad, 1.7e308, 20, t),
        cpu(good, 80, t),
        net(good, 0, 0, t - 1_000),
        net(good, 1_000, 500, t));

    try (InfluxMetricsSource source =
        source(List.of(Backend.of(bad, "10.0.0.1", 80), Backend.of(good, "10.0.0.2", 80)))) {
      assertThat(source.refresh()).isTrue();

      HostMetrics g = source.latest().get(good);
      assertThat(g.networkInBytesPerSecond()).isCloseTo(1_000.0, within(1e-6));
      HostMetrics b = source.latest().get(bad);
      assertThat(b.cpu()).isCloseTo(0.4, within(1e-9));
      assertThat(b.memory()).isCloseTo(0.5, within(1e-9));
      assertThat(b.networkInBytesPerSecond()).isZero(); // rejected: never had a valid value
      assertThat(b.networkOutBytesPerSecond()).isCloseTo(10.0, within(1e-6));
      SourceStatus s = source.status();
      assertThat(s.failures()).isZero();
      assertThat(s.rejectedValues()).isEqualTo(1);
      assertThat(s.lastRejectedValue()).contains("network in", bad, "Infinity");
    }
  }

  /**
   * Input: the memory field of one measurement stored as a string ("high"). Survives: CPU and
   * network of every host are read; the string value is counted, not fatal.
   */
  @Test
  void fieldStoredAsStringCostsOnlyThatSignal() throws Exception {
    String bad = unique("strmem");
    long t = System.currentTimeMillis() - 5_000;
    // Its own measurement, so the string type does not collide with other tests' floats.
    influx.write("memstr,host=" + bad + " used_percent=\"high\" " + t);
    write(cpu(bad, 70, t));

    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(connection(InfluxServer.DATABASE))
            .schema(
                io.github.fulcrumlb.influx.query.TelegrafSchema.builder()
                    .memory("memstr", "used_percent")
                    .build())
            .backends(List.of(Backend.of(bad, "x", 1)))
            .manualRefresh()
            .build()) {
      assertThat(source.refresh()).isTrue();

      assertThat(source.latest().get(bad).cpu()).isCloseTo(0.3, within(1e-9));
      assertThat(source.status().rejectedValues()).isEqualTo(1);
      assertThat(source.status().lastRejectedValue()).contains("memory", "not a number");
    }
  }

  /**
   * Input: the same bad value on every refresh, with a log period of one minute. Survives: it is
   * logged once, not once per refresh, and counted every time.
   */
  @Test
  void repeatedBadValuesAreLoggedAtMostOncePerPeriod() throws Exception {
    String bad = unique("noisy");
    long t = System.currentTimeMillis() - 5_000;
    write(net(bad, 0, 0, t - 1_000), net(bad, 1.7e308, 0, t));
    List<LogRecord> lines = new ArrayList<>();
    Logger logger = Logger.getLogger(InfluxMetricsSource.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            lines.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try (InfluxMetricsSource source = source(List.of(Backend.of(bad, "x", 1)))) {
      for (int i = 0; i < 5; i++) {
        assertThat(source.refresh()).isTrue();
      }
      assertThat(source.status().rejectedValues()).isEqualTo(5);
    } finally {
      logger.removeHandler(handler);
    }
    assertThat(lines).filteredOn(r -> r.getMessage().contains("rejected")).hasSize(1);
  }

  /**
   * Input: a reader whose answer throws while it is merged, on every scheduled refresh. Survives:
   * each is counted as a failed refresh in the status (not "0 failed"), the schedule goes on, and
   * the failure is logged once per period, not with a stack trace every interval.
   */
  @Test
  void unexpectedErrorsOnTheScheduleAreCountedAndRateLimited() {
    List<Runnable> scheduled = new ArrayList<>();
    java.util.concurrent.ScheduledThreadPoolExecutor capture =
        new java.util.concurrent.ScheduledThreadPoolExecutor(1) {
          @Override
          public java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(
              Runnable task, long initialDelay, long delay, java.util.concurrent.TimeUnit unit) {
            scheduled.add(task);
            return super.schedule(() -> {}, 1, java.util.concurrent.TimeUnit.DAYS);
          }
        };
    io.github.fulcrumlb.influx.query.HostReader hostile =
        hosts ->
            new java.util.HashMap<>() {
              @Override
              public java.util.Set<
                      java.util.Map.Entry<String, io.github.fulcrumlb.influx.query.HostReading>>
                  entrySet() {
                throw new IllegalStateException("boom");
              }
            };
    List<LogRecord> lines = new ArrayList<>();
    Logger logger = Logger.getLogger(InfluxMetricsSource.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            lines.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(hostile)
            .backends(List.of(Backend.of("a", "x", 1)))
            .scheduler(capture)
            .build()) {
      for (int i = 0; i < 5; i++) {
        scheduled.get(0).run();
      }
      SourceStatus s = source.status();
      assertThat(s.failures()).isEqualTo(5);
      assertThat(s.consecutiveFailures()).isEqualTo(5);
      assertThat(s.lastError()).hasValueSatisfying(e -> assertThat(e).contains("boom"));
    } finally {
      logger.removeHandler(handler);
      capture.shutdownNow();
    }
    assertThat(lines)
        .filteredOn(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
        .hasSize(1);
  }

  /**
   * Input: host tags holding every special character (quote, backslash, CR, LF, regex and JSON
   * characters...), all in the one batched query. Survives: the query is valid, each host reads its
   * own value: InfluxQL literals (and the regex form for CR) and line protocol tags escape alike.
   */
  @Test
  void hostTagsWithEverySpecialCharacterAreWrittenAndReadBack() throws Exception {
    long t = System.currentTimeMillis() - 5_000;
    List<Backend> backends = new ArrayList<>();
    List<LinePoint> points = new ArrayList<>();
    for (int i = 0; i < SPECIAL.length; i++) {
      if (SPECIAL[i].contains("\n")) {
        continue; // line protocol cannot carry a line feed in a tag (checked below)
      }
      String host = unique("sp") + SPECIAL[i] + "x";
      backends.add(Backend.of(host, "10.0.0.1", 80));
      points.add(cpu(host, 100 - i, t));
    }
    write(points.toArray(LinePoint[]::new));

    try (InfluxMetricsSource source = source(backends)) {
      assertThat(source.refresh()).isTrue();
      assertThat(source.status().hostsWithData()).isEqualTo(backends.size());
      for (int i = 0, b = 0; i < SPECIAL.length; i++) {
        if (SPECIAL[i].contains("\n")) {
          continue;
        }
        HostMetrics m = source.latest().get(backends.get(b++).id());
        assertThat(m).as("host with %s", SPECIAL[i]).isNotNull();
        assertThat(m.cpu()).as("host with %s", SPECIAL[i]).isCloseTo(i / 100.0, within(1e-9));
      }
    }
  }

  /**
   * Input: measurement and field names (configured in TelegrafSchema) holding each special
   * character. Survives: each is written by line protocol and read back through an InfluxQL
   * identifier with exactly that name.
   */
  @Test
  void schemaNamesWithEverySpecialCharacterAreReadBack() throws Exception {
    long t = System.currentTimeMillis() - 5_000;
    for (int i = 0; i < SPECIAL.length; i++) {
      String c = SPECIAL[i];
      if (c.contains("\n") || c.contains("\r") || c.matches("\\\\[, =\"]")) {
        continue; // refused by LineProtocol (see LineProtocolTest), by InfluxQl for a CR
      }
      String measurement = unique("cpu") + c + "m";
      String field = "usage" + c + "idle";
      String host = unique("id");
      influx.write(
          LinePoint.measurement(measurement)
              .tag("cpu", "cpu-total")
              .tag("host", host)
              .field(field, 100.0 - i)
              .timeMillis(t)
              .toLine());
      try (InfluxMetricsSource source =
          InfluxMetricsSource.builder(connection(InfluxServer.DATABASE))
              .schema(
                  io.github.fulcrumlb.influx.query.TelegrafSchema.builder()
                      .cpu(measurement, field, "cpu", "cpu-total")
                      .build())
              .backends(List.of(Backend.of(host, "x", 1)))
              .manualRefresh()
              .build()) {
        assertThat(source.refresh()).as("names with %s", c).isTrue();
        assertThat(source.latest().get(host)).as("names with %s", c).isNotNull();
        assertThat(source.latest().get(host).cpu()).isCloseTo(i / 100.0, within(1e-9));
      }
    }
  }

  /**
   * Input: a host tag with a carriage return beside a normal host in one query. Survives: no HTTP
   * 400 for everyone; both hosts read.
   */
  @ParameterizedTest
  @ValueSource(strings = {"a\rb", "\r", "x\r\ny", "tail\r"})
  void carriageReturnInAHostTagDoesNotBreakTheQueryForOthers(String odd) throws Exception {
    String host = unique("cr") + odd;
    String normal = unique("normal");
    long t = System.currentTimeMillis() - 5_000;
    if (!odd.contains("\n")) {
      write(cpu(host, 10, t));
    }
    write(cpu(normal, 20, t));
    try (InfluxMetricsSource source =
        source(List.of(Backend.of(host, "x", 1), Backend.of(normal, "y", 1)))) {
      assertThat(source.refresh()).isTrue();
      assertThat(source.status().lastError()).isEmpty();
      assertThat(source.latest().get(normal).cpu()).isCloseTo(0.8, within(1e-9));
      if (!odd.contains("\n")) {
        assertThat(source.latest().get(host).cpu()).isCloseTo(0.9, within(1e-9));
      }
    }
  }

  /**
   * Input: a batch of three points, the middle one with a tag value ending in a backslash.
   * Survives: the other two are stored and counted as written; the bad one is counted as rejected
   * with the reason, not silently lost, and the batch is not counted as failed.
   */
  @Test
  void tagValueEndingInABackslashIsRejectedAloneAndCounted() throws Exception {
    String m = unique("tb");
    long t = System.currentTimeMillis() - 1_000;
    try (LineProtocolWriter writer =
        LineProtocolWriter.builder(connection(InfluxServer.DATABASE)).build()) {
      assertThat(
              writer.offer(
                  LinePoint.measurement(m).tag("host", "ok1").field("v", 1.0).timeMillis(t)))
          .isTrue();
      assertThat(
              writer.offer(
                  LinePoint.measurement(m).tag("host", "bad\\").field("v", 2.0).timeMillis(t)))
          .isFalse();
      assertThat(
              writer.offer(
                  LinePoint.measurement(m).tag("host", "ok2").field("v", 3.0).timeMillis(t)))
          .isTrue();
      assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();

      WriterStats s = writer.stats();
      assertThat(s.written()).isEqualTo(2);
      assertThat(s.failed()).isZero();
      assertThat(s.rejected()).isEqualTo(1);
      assertThat(s.lastRejection()).contains("\"bad\\\"", "ends in a backslash");
    }
    assertThat(influx.query("SELECT count(v) FROM \"" + m + "\"")).contains(",2]");
  }

  /**
   * Input: one batch in which the server refuses one point (a field type conflict) and stores two.
   * Survives: written 2, rejected 1 with the server's reason; not "3 failed".
   */
  @Test
  void partialWriteCountsOnlyTheRefusedPoint() throws Exception {
    String m = unique("pw");
    long t = System.currentTimeMillis() - 1_000;
    influx.write(m + ",host=seed v=1 " + (t - 1));
    try (LineProtocolWriter writer =
        LineProtocolWriter.builder(connection(InfluxServer.DATABASE)).batchSize(10).build()) {
      writer.offer(LinePoint.measurement(m).tag("host", "a").field("v", 2.0).timeMillis(t));
      writer.offer(LinePoint.measurement(m).tag("host", "b").field("v", "text").timeMillis(t));
      writer.offer(LinePoint.measurement(m).tag("host", "c").field("v", 3.0).timeMillis(t));
      assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();

      WriterStats s = writer.stats();
      assertThat(s.written()).isEqualTo(2);
      assertThat(s.rejected()).isEqualTo(1);
      assertThat(s.failed()).isZero();
      assertThat(s.lastRejection()).contains("field type conflict");
    }
    assertThat(influx.query("SELECT count(v) FROM \"" + m + "\"")).contains(",3]");
  }

  /**
   * Input: points with every special character in measurement, tag keys, tag values, field keys and
   * string values. Survives: each is stored with exactly that text (read back by InfluxQL).
   */
  @Test
  void everySpecialCharacterRoundTripsThroughLineProtocol() throws Exception {
    String m = unique("rt") + " m,=";
    long t = System.currentTimeMillis() - 1_000;
    List<String> lines = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String c : SPECIAL) {
      if (c.contains("\n") || c.endsWith("\\")) {
        continue; // refused by LineProtocol: see lineProtocolRefusesWhatInfluxCannotStore
      }
      String value = "v" + c + "w";
      values.add(value);
      lines.add(
          LinePoint.measurement(m)
              .tag("k" + c + "k", value)
              .field("s", "str" + c + "\n" + c)
              .timeMillis(t + values.size())
              .toLine());
    }
    influx.write(lines);
    String answer =
        influx.query(
            "SHOW TAG VALUES FROM "
                + io.github.fulcrumlb.influx.query.InfluxQl.identifier(m)
                + " WITH KEY =~ /.*/");
    for (String v : values) {
      assertThat(answer)
          .contains(
              com.google.gson.JsonParser.parseString(
                      '"'
                          + v.replace("\\", "\\\\")
                              .replace("\"", "\\\"")
                              .replace("\r", "\\r")
                              .replace("\t", "\\t")
                          + '"')
                  .toString());
    }
    assertThat(answer).contains("\"k'k\"", "\"k k\"", "\"k,k\"", "\"k=k\"");
  }

  /**
   * Input: --influx-db of a database that does not exist. Survives: the refresh fails, counted,
   * with "database not found" in the status (not a "successful" read of no data).
   */
  @Test
  void missingDatabaseIsAFailedRead() {
    try (InfluxMetricsSource source =
        InfluxMetricsSource.builder(connection("nosuchdb"))
            .backends(List.of(Backend.of("a", "x", 1)))
            .manualRefresh()
            .build()) {
      assertThat(source.refresh()).isFalse();
      SourceStatus s = source.status();
      assertThat(s.failures()).isEqualTo(1);
      assertThat(s.refreshes()).isZero();
      assertThat(s.lastError())
          .hasValueSatisfying(e -> assertThat(e).contains("database not found: nosuchdb"));
    }
  }
}
