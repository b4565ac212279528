package io.github.fulcrumlb.influx.feeder;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.influx.RateLimitedLogger;
import io.github.fulcrumlb.influx.write.LinePoint;
import io.github.fulcrumlb.influx.write.LineProtocolWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes this host's real CPU, memory and network usage in Telegraf's schema, where Telegraf is
 * absent (tests, the demo): every interval (default 10 s, Telegraf's default) it reads a {@link
 * HostUsageProbe} and queues, tagged {@code host}:
 *
 * <ul>
 *   <li>{@code cpu,cpu=cpu-total usage_idle=<percent>} (from the second reading on);
 *   <li>{@code mem used_percent=<percent>};
 *   <li>{@code net,interface=<name> bytes_recv=<counter>i,bytes_sent=<counter>i} per interface.
 * </ul>
 *
 * Exactly what {@link io.github.fulcrumlb.influx.source.InfluxMetricsSource} reads with its default
 * schema. Failures to read are logged at most once a minute; the schedule goes on.
 *
 * <pre>{@code
 * try (LineProtocolWriter writer = LineProtocolWriter.builder(connection).build();
 *      TelegrafFeeder feeder = TelegrafFeeder.builder(writer).host("node-5").build()) {
 *   ... // points every 10 s
 * }
 * }</pre>
 */
public final class TelegrafFeeder implements AutoCloseable {
  /** Default time between collections: 10 seconds. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private static final System.Logger LOG = System.getLogger(TelegrafFeeder.class.getName());

  private final LineProtocolWriter writer;
  private final HostUsageProbe probe;
  private final String host;
  private final TimeSource time;
  private final RateLimitedLogger failureLog;
  private final ScheduledExecutorService scheduler; // null when manual

  private TelegrafFeeder(Builder b) {
    this.writer = b.writer;
    this.probe = b.probe;
    this.host = b.host;
    this.time = b.time;
    this.failureLog = new RateLimitedLogger(LOG, Duration.ofMinutes(1), b.time);
    if (b.manual) {
      this.scheduler = null;
    } else {
      this.scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "fulcrum-telegraf-feeder");
                t.setDaemon(true);
                return t;
              });
      scheduler.scheduleAtFixedRate(
          this::collectQuietly, 0, b.interval.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** A builder writing through {@code writer}. */
  public static Builder builder(LineProtocolWriter writer) {
    return new Builder(checkNotNull(writer, "writer"));
  }

  /** The {@code host} tag written. */
  public String host() {
    return host;
  }

  /**
   * Reads the probe now and queues the points (the schedule does this by itself).
   *
   * @return how many points the writer accepted
   * @throws UncheckedIOException if the probe cannot read
   */
  public int collect() {
    HostUsage u;
    try {
      u = probe.read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long now = time.currentTimeMillis();
    int accepted = 0;
    if (u.cpuUsageIdle().isPresent()) {
      accepted +=
          offer(
              LinePoint.measurement("cpu")
                  .tag("cpu", "cpu-total")
                  .tag("host", host)
                  .field("usage_idle", u.cpuUsageIdle().getAsDouble())
                  .timeMillis(now));
    }
    accepted +=
        offer(
            LinePoint.measurement("mem")
                .tag("host", host)
                .field("used_percent", u.memoryUsedPercent())
                .timeMillis(now));
    for (Map.Entry<String, HostUsage.NetworkCounters> e : u.network().entrySet()) {
      accepted +=
          offer(
              LinePoint.measurement("net")
                  .tag("host", host)
                  .tag("interface", e.getKey())
                  .field("bytes_recv", e.getValue().bytesReceived())
                  .field("bytes_sent", e.getValue().bytesSent())
                  .timeMillis(now));
    }
    return accepted;
  }

  private int offer(LinePoint p) {
    return writer.offer(p) ? 1 : 0;
  }

  private void collectQuietly() {
    try {
      collect();
      failureLog.recovered("Reading host usage works again");
    } catch (RuntimeException e) {
      failureLog.failure("Reading host usage failed: " + e);
    }
  }

  /** Stops the schedule; the writer is not closed (it may be shared). Idempotent. */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "TelegrafFeeder{host=" + host + ", " + probe + '}';
  }

  /**
   * Builder of {@link TelegrafFeeder}. Defaults: {@code /proc}, this machine's host name, every 10
   * s, the system clock.
   */
  public static final class Builder {
    private final LineProtocolWriter writer;
    private HostUsageProbe probe;
    private String host;
    private Duration interval = DEFAULT_INTERVAL;
    private TimeSource time = TimeSource.SYSTEM;
    private boolean manual;

    private Builder(LineProtocolWriter writer) {
      this.writer = writer;
    }

    /** Where usage is read (default {@link ProcfsUsageProbe} on {@code /proc}). */
    public Builder probe(HostUsageProbe value) {
      this.probe = checkNotNull(value, "probe");
      return this;
    }

    /** The {@code host} tag (default: this machine's host name). */
    public Builder host(String value) {
      checkArgument(value != null && !value.isEmpty(), "host must not be empty");
      this.host = value;
      return this;
    }

    /** Time between collections, in [100 ms, 1 h] (default 10 s). */
    public Builder interval(Duration value) {
      checkArgument(
          value != null && value.toMillis() >= 100 && value.compareTo(Duration.ofHours(1)) <= 0,
          "interval must be in [100 ms, 1 h] but was %s",
          value);
      this.interval = value;
      return this;
    }

    /** The clock stamping points (default {@link TimeSource#SYSTEM}). */
    public Builder time(TimeSource value) {
      this.time = checkNotNull(value, "time");
      return this;
    }

    /**
     * No schedule: the owner calls {@link TelegrafFeeder#collect()} ({@code manualX()} means "no
     * background schedule; the owner calls {@code X()}", as {@code manualRefresh()} elsewhere).
     */
    public Builder manualCollect() {
      this.manual = true;
      return this;
    }

    /** The feeder; starts collecting unless manual. */
    public TelegrafFeeder build() {
      if (probe == null) {
        probe = new ProcfsUsageProbe();
      }
      if (host == null) {
        host = localHostName();
      }
      return new TelegrafFeeder(this);
    }

    private static String localHostName() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
      }
    }
  }
}
