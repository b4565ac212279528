package io.github.fulcrumlb.influx.reporter;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.core.BackendStats;
import io.github.fulcrumlb.core.BalancerStats;
import io.github.fulcrumlb.influx.write.LinePoint;
import io.github.fulcrumlb.influx.write.LineProtocolWriter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Writes what a balancer decided back to InfluxDB: every interval (default 10 s) it reads the
 * balancer's stats and queues one point per backend on a {@link LineProtocolWriter} (batched,
 * asynchronous, bounded; drops are counted there). It runs on a thread of its own and reads only
 * the immutable stats snapshot, so the pick path never waits for it.
 *
 * <p>Each point, measurement {@code fulcrum_backend} by default, has tags {@code backend}, {@code
 * strategy} and, if named, {@code balancer}, and fields:
 *
 * <ul>
 *   <li>{@code picks_per_second}: requests that ended with an outcome per second since the last
 *       report (from the change of {@link BackendStats#completed()}; absent in the first report);
 *   <li>{@code completed}, {@code failed} (counters), {@code in_flight}, {@code error_rate}, {@code
 *       latency_ewma_ms}, {@code weight} (effective), {@code healthy}, {@code ready};
 *   <li>{@code latency_p50_ms}, {@code latency_p99_ms}: over the interval, when the strategy is
 *       wrapped in a {@link LatencyRecordingStrategy} given to {@link Builder#latencies} and the
 *       backend had outcomes;
 *   <li>{@code panic_mode}: the balancer ignores ejections because too few backends are healthy;
 *   <li>{@code fallback}: whether the strategy is running on its fallback, as reported by the
 *       supplier given to {@link Builder#fallback} (a learned strategy that fell back to a
 *       heuristic supplies it); {@code false} for strategies without a fallback, i.e. all plain
 *       ones.
 * </ul>
 *
 * <pre>{@code
 * LatencyRecordingStrategy strategy = new LatencyRecordingStrategy(Strategies.create("p2c"));
 * try (LoadBalancer lb = LoadBalancer.builder().backends(backends).strategy(strategy).build();
 *      LineProtocolWriter writer = LineProtocolWriter.builder(connection).build();
 *      DecisionReporter reporter = DecisionReporter.builder(writer, lb::stats)
 *          .latencies(strategy).balancerName("api-gateway").build()) {
 *   ... // serve traffic; points land in InfluxDB every 10 s
 * }
 * }</pre>
 */
public final class DecisionReporter implements AutoCloseable {
  /** Default time between reports: 10 seconds (Telegraf's default interval). */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  /** Default measurement name. */
  public static final String DEFAULT_MEASUREMENT = "fulcrum_backend";

  private static final System.Logger LOG = System.getLogger(DecisionReporter.class.getName());

  private final LineProtocolWriter writer;
  private final Supplier<BalancerStats> stats;
  private final LatencyRecordingStrategy latencies;
  private final BooleanSupplier fallback;
  private final TimeSource time;
  private final String measurement;
  private final String balancerName;
  private final ScheduledExecutorService scheduler; // null when manual
  private final Map<String, Long> lastCompleted = new HashMap<>(); // guarded by this
  private long lastReportNanos; // guarded by this
  private boolean reportedBefore; // guarded by this

  private DecisionReporter(Builder b) {
    this.writer = b.writer;
    this.stats = b.stats;
    this.latencies = b.latencies;
    this.fallback = b.fallback;
    this.time = b.time;
    this.measurement = b.measurement;
    this.balancerName = b.balancerName;
    if (b.manual) {
      this.scheduler = null;
    } else {
      this.scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "fulcrum-influx-reporter");
                t.setDaemon(true);
                return t;
              });
      long period = b.interval.toNanos();
      scheduler.scheduleAtFixedRate(this::reportQuietly, period, period, TimeUnit.NANOSECONDS);
    }
  }

  /** A builder reading {@code stats} (e.g. {@code lb::stats}), writing through {@code writer}. */
  public static Builder builder(LineProtocolWriter writer, Supplier<BalancerStats> stats) {
    return new Builder(checkNotNull(writer, "writer"), checkNotNull(stats, "stats"));
  }

  /**
   * Reads the stats now and queues one point per backend (the schedule does this by itself).
   *
   * @return how many points the writer accepted
   */
  public synchronized int report() {
    BalancerStats s = stats.get();
    long nowNanos = time.nanoTime();
    long nowMillis = time.currentTimeMillis();
    double seconds = reportedBefore ? (nowNanos - lastReportNanos) / 1e9 : 0;
    Map<String, Histogram> histograms =
        latencies == null ? Map.of() : latencies.takeIntervalHistograms();
    boolean inFallback = fallback.getAsBoolean();
    int accepted = 0;
    Map<String, Long> seen = new HashMap<>();
    for (BackendStats b : s.backends()) {
      LinePoint p =
          LinePoint.measurement(measurement)
              .tag("backend", b.id())
              .tag("strategy", s.strategy())
              .field("completed", b.completed())
              .field("failed", b.failed())
              .field("in_flight", (long) b.inFlight())
              .field("error_rate", b.errorRate())
              .field("latency_ewma_ms", b.latencyEwmaMillis())
              .field("weight", b.effectiveWeight())
              .field("healthy", b.healthy())
              .field("ready", b.ready())
              .field("panic_mode", s.panicMode())
              .field("fallback", inFallback)
              .timeMillis(nowMillis);
      if (balancerName != null) {
        p.tag("balancer", balancerName);
      }
      Long previous = lastCompleted.get(b.id());
      if (previous != null && seconds > 0 && b.completed() >= previous) {
        p.field("picks_per_second", (b.completed() - previous) / seconds);
      }
      Histogram h = histograms.get(b.id());
      if (h != null) {
        p.field("latency_p50_ms", h.getValueAtPercentile(50) / 1_000.0);
        p.field("latency_p99_ms", h.getValueAtPercentile(99) / 1_000.0);
      }
      seen.put(b.id(), b.completed());
      if (writer.offer(p)) {
        accepted++;
      }
    }
    if (latencies != null) {
      lastCompleted.keySet().stream()
          .filter(id -> !seen.containsKey(id))
          .toList()
          .forEach(latencies::forget);
    }
    lastCompleted.clear();
    lastCompleted.putAll(seen);
    lastReportNanos = nowNanos;
    reportedBefore = true;
    return accepted;
  }

  private void reportQuietly() {
    try {
      report();
    } catch (RuntimeException e) { // keep the schedule alive
      LOG.log(Level.WARNING, "Reporting balancer stats to InfluxDB failed", e);
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
    return "DecisionReporter{measurement="
        + measurement
        + (balancerName == null ? "" : ", balancer=" + balancerName)
        + ", "
        + writer
        + '}';
  }

  /**
   * Builder of {@link DecisionReporter}. Defaults: every 10 s, measurement {@code fulcrum_backend},
   * no balancer tag, no latency percentiles, fallback always {@code false}.
   */
  public static final class Builder {
    private final LineProtocolWriter writer;
    private final Supplier<BalancerStats> stats;
    private LatencyRecordingStrategy latencies;
    private BooleanSupplier fallback = () -> false;
    private TimeSource time = TimeSource.SYSTEM;
    private Duration interval = DEFAULT_INTERVAL;
    private String measurement = DEFAULT_MEASUREMENT;
    private String balancerName;
    private boolean manual;

    private Builder(LineProtocolWriter writer, Supplier<BalancerStats> stats) {
      this.writer = writer;
      this.stats = stats;
    }

    /** Time between reports, in [100 ms, 1 h] (default 10 s). */
    public Builder interval(Duration value) {
      checkArgument(
          value != null && value.toMillis() >= 100 && value.compareTo(Duration.ofHours(1)) <= 0,
          "interval must be in [100 ms, 1 h] but was %s",
          value);
      this.interval = value;
      return this;
    }

    /** Measurement name (default {@code fulcrum_backend}). */
    public Builder measurement(String value) {
      checkArgument(value != null && !value.isBlank(), "measurement must not be blank");
      this.measurement = value;
      return this;
    }

    /** Adds tag {@code balancer=value} to every point (default: no such tag). */
    public Builder balancerName(String value) {
      checkArgument(value == null || !value.isBlank(), "balancer name must not be blank");
      this.balancerName = value;
      return this;
    }

    /** Where latency percentiles come from: the balancer's strategy, wrapped. */
    public Builder latencies(LatencyRecordingStrategy value) {
      this.latencies = checkNotNull(value, "latencies");
      return this;
    }

    /** Whether the strategy currently runs on its fallback (default: never). */
    public Builder fallback(BooleanSupplier value) {
      this.fallback = checkNotNull(value, "fallback");
      return this;
    }

    /** The clock for rates and point times (default {@link TimeSource#SYSTEM}). */
    public Builder time(TimeSource value) {
      this.time = checkNotNull(value, "time");
      return this;
    }

    /**
     * No schedule: the owner calls {@link DecisionReporter#report()}. Named like {@code
     * manualRefresh()} of the metrics source and the balancer: {@code manualX()} means "no
     * background schedule; the owner calls {@code X()}".
     */
    public Builder manualReport() {
      this.manual = true;
      return this;
    }

    /** The reporter; starts its schedule unless manual. */
    public DecisionReporter build() {
      return new DecisionReporter(this);
    }
  }
}
