package io.github.fulcrumlb.influx.source;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.api.MetricsSource;
import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.core.metrics.MetricsListeners;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.RateLimitedLogger;
import io.github.fulcrumlb.influx.query.HostReader;
import io.github.fulcrumlb.influx.query.HostReading;
import io.github.fulcrumlb.influx.query.InfluxQlHostReader;
import io.github.fulcrumlb.influx.query.TelegrafMetricsQuery;
import io.github.fulcrumlb.influx.query.TelegrafSchema;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MetricsSource} over InfluxDB in Telegraf's schema: CPU, memory and network rates of each
 * backend's host, read in the background with one InfluxQL request per refresh for all backends.
 *
 * <p><b>Never blocks.</b> {@link #latest()} is a volatile read of an immutable map; refreshes run
 * on a scheduler thread (default every 5 s) and every call to the server is bounded by the
 * connection's timeout.
 *
 * <p><b>Staleness.</b> Each {@link HostMetrics} carries the time its data was measured ({@link
 * HostMetrics#sampledAtMillis()}: the oldest of the host's signals), not when it was read, so a
 * strategy sees how old it is. When the server is down, slow or answers garbage, or a host stops
 * reporting, the last values stay with their old sample times: they age and read as stale ({@link
 * #staleBackends()}), failures are logged at most once per log period, and the next successful
 * refresh recovers by itself. Nothing reaches the caller as an exception.
 *
 * <p><b>Bad values.</b> Every value read passes one validation ({@code BackendSignals}): one that
 * is not a number, infinite or out of range costs only that signal of that host, which keeps its
 * previous value; it is counted in {@link SourceStatus#rejectedValues()}, named in {@link
 * SourceStatus#lastRejectedValue()} and logged at most once per log period. A statement error in
 * the answer ("database not found") is a failed refresh, never an empty success.
 *
 * <p><b>Backends and hosts.</b> Backends are mapped to {@code host} tags by a {@link
 * HostTagMapping} (default: the backend's id); several backends may share a host. A signal a host
 * has never reported counts as zero. Listeners run on the refresh thread after a refresh that
 * changed {@link #latest()}.
 *
 * <pre>{@code
 * InfluxConnection influx =
 *     InfluxConnection.builder("http://127.0.0.1:8086").database("telegraf").build();
 * try (InfluxMetricsSource metrics = InfluxMetricsSource.builder(influx)
 *         .backends(backends)
 *         .hostTags(HostTagMapping.BACKEND_HOST)
 *         .interval(Duration.ofSeconds(5))
 *         .build();
 *     LoadBalancer lb = LoadBalancer.builder()
 *         .backends(backends).strategy("least-load").metrics(metrics).build()) {
 *   ...
 * }
 * }</pre>
 */
public final class InfluxMetricsSource implements MetricsSource {
  /** Default time between refreshes: 5 seconds. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /** Default age after which a sample counts as stale: 30 seconds (3 Telegraf intervals). */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(30);

  /** Default least time between two logged failures: 1 minute. */
  public static final Duration DEFAULT_LOG_PERIOD = Duration.ofMinutes(1);

  private static final System.Logger LOG = System.getLogger(InfluxMetricsSource.class.getName());
  private static final int MAX_ERROR_LENGTH = 300;

  private final HostReader reader;
  private final AutoCloseable readerToClose;
  private final HostTagMapping hostTags;
  private final TimeSource time;
  private final Duration staleAfter;
  private final RateLimitedLogger failureLog;
  private final RateLimitedLogger noDataLog;
  private final RateLimitedLogger rejectedValueLog;
  private final String description;
  private final MetricsListeners listeners = new MetricsListeners();
  private final ScheduledExecutorService ownScheduler; // null when given one or manual
  private final ScheduledFuture<?> task; // null when manual

  /** Serialises refreshes (one read at a time); never held by {@link #setBackends}. */
  private final Object readLock = new Object();

  /** Guards the state below; held only briefly, never during I/O. */
  private final Object stateLock = new Object();

  // Guarded by stateLock.
  private final BackendSignals signals = new BackendSignals();
  private long refreshes;
  private long failures;
  private long consecutiveFailures;
  private long lastSuccessMillis = -1;
  private int hostsWithData;
  private String lastError;
  private long rejectedValues;
  private String lastRejectedValue;

  private volatile Map<String, List<String>> backendsByHost; // host tag -> backend ids
  private volatile Map<String, HostMetrics> latest = Map.of();
  private volatile SourceStatus status = new SourceStatus(0, 0, 0, -1, 0, null, 0, null);
  private volatile boolean closed;

  private InfluxMetricsSource(Builder b) {
    this.reader = b.reader;
    this.readerToClose = b.ownsReader ? (AutoCloseable) b.reader : null;
    this.hostTags = b.hostTags;
    this.time = b.time;
    this.staleAfter = b.staleAfter;
    this.failureLog = new RateLimitedLogger(LOG, b.logPeriod, b.time);
    this.noDataLog = new RateLimitedLogger(LOG, b.logPeriod, b.time);
    this.rejectedValueLog = new RateLimitedLogger(LOG, b.logPeriod, b.time);
    this.description = b.description;
    this.backendsByHost = mapHosts(b.backends, b.hostTags);
    if (b.manual) {
      this.ownScheduler = null;
      this.task = null;
    } else {
      this.ownScheduler =
          b.scheduler == null
              ? Executors.newSingleThreadScheduledExecutor(
                  r -> {
                    Thread t = new Thread(r, "fulcrum-influx-metrics");
                    t.setDaemon(true);
                    return t;
                  })
              : null;
      ScheduledExecutorService s = b.scheduler == null ? ownScheduler : b.scheduler;
      this.task =
          s.scheduleWithFixedDelay(
              this::refreshQuietly, 0, b.interval.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** A builder reading InfluxDB at {@code connection} through InfluxQL. */
  public static Builder builder(InfluxConnection connection) {
    return new Builder(checkNotNull(connection, "connection"), null);
  }

  /** A builder reading through {@code reader} (another transport, or a stub in tests). */
  public static Builder builder(HostReader reader) {
    return new Builder(null, checkNotNull(reader, "reader"));
  }

  @Override
  public Map<String, HostMetrics> latest() {
    return latest;
  }

  @Override
  public Subscription subscribe(Runnable listener) {
    return listeners.subscribe(listener);
  }

  /**
   * Replaces the backends whose metrics are read; samples of backends no longer present are dropped
   * at once, new ones appear at the next refresh.
   */
  public void setBackends(Collection<Backend> backends) {
    Map<String, List<String>> byHost = mapHosts(backends, hostTags);
    boolean changed;
    synchronized (stateLock) {
      backendsByHost = byHost;
      Set<String> ids = new TreeSet<>();
      byHost.values().forEach(ids::addAll);
      signals.retain(ids);
      Map<String, HostMetrics> next = new HashMap<>(latest);
      next.keySet().retainAll(ids);
      changed = next.size() != latest.size();
      latest = Map.copyOf(next);
    }
    if (changed) {
      listeners.notifyListeners();
    }
  }

  /**
   * Reads the server now, on the calling thread (the background schedule does this by itself).
   * Never throws: a failure keeps the last values and is reported by {@link #status()}.
   *
   * @return whether the read succeeded
   */
  public boolean refresh() {
    if (closed) {
      return false;
    }
    synchronized (readLock) {
      Map<String, List<String>> asked = backendsByHost;
      Map<String, HostReading> readings;
      Throwable failure = null;
      try {
        readings = asked.isEmpty() ? Map.of() : reader.read(asked.keySet());
        if (readings == null) {
          throw new IllegalStateException("the reader returned no result");
        }
      } catch (Exception | LinkageError e) { // LinkageError: a broken client jar is a failure too
        readings = null;
        failure = e;
      }
      return record(asked, readings, failure);
    }
  }

  /** Folds one read's outcome into the state; I/O is over by now. */
  private boolean record(
      Map<String, List<String>> asked, Map<String, HostReading> readings, Throwable failure) {
    boolean changed;
    synchronized (stateLock) {
      if (failure != null) {
        failures++;
        consecutiveFailures++;
        lastError = describe(failure);
        publishStatus();
        failureLog.failure(
            "InfluxDB metrics refresh failed ("
                + consecutiveFailures
                + " in a row; keeping the last values of "
                + latest.size()
                + " backends): "
                + lastError);
        return false;
      }
      Map<String, List<String>> byHost = backendsByHost; // membership may have changed meanwhile
      List<String> rejected = signals.merge(byHost, readings);
      changed = publishLatest();
      if (!rejected.isEmpty()) {
        rejectedValues += rejected.size();
        lastRejectedValue = rejected.get(rejected.size() - 1);
        rejectedValueLog.failure(
            "InfluxDB metrics: "
                + rejected.size()
                + " value(s) rejected and"
                + " not used, that signal keeps its previous value ("
                + rejectedValues
                + " since start;"
                + " last: "
                + lastRejectedValue
                + ")");
      } else {
        rejectedValueLog.recovered("InfluxDB metric values are valid again");
      }
      hostsWithData = (int) readings.keySet().stream().filter(asked::containsKey).count();
      if (hostsWithData == 0 && !asked.isEmpty()) {
        noDataLog.failure(
            "InfluxDB has no recent data for any of "
                + asked.size()
                + " host tags ("
                + description
                + "): check the database, the host tag mapping, the"
                + " schema's names and that Telegraf writes");
      } else {
        noDataLog.recovered("InfluxDB has data for " + hostsWithData + " host tags again");
      }
      refreshes++;
      consecutiveFailures = 0;
      lastSuccessMillis = time.currentTimeMillis();
      lastError = null;
      publishStatus();
    }
    failureLog.recovered("InfluxDB metrics refresh works again");
    if (changed) {
      listeners.notifyListeners();
    }
    return true;
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException | Error e) { // keep the schedule alive whatever happens
      String error;
      synchronized (stateLock) { // counted and rate-limited like any failed refresh
        failures++;
        consecutiveFailures++;
        lastError = "unexpected " + describe(e);
        error = lastError;
        publishStatus();
      }
      if (failureLog.failure("Unexpected error in the InfluxDB metrics refresh: " + error)) {
        LOG.log(Level.DEBUG, "Stack trace of the unexpected refresh error", e);
      }
    }
  }

  /** Publishes the merged signals as {@link #latest()}; whether they changed. */
  private boolean publishLatest() {
    Map<String, HostMetrics> next = signals.toMetrics();
    if (next.equals(latest)) {
      return false;
    }
    latest = Map.copyOf(next);
    return true;
  }

  /**
   * Backends whose sample is older than the stale-after age now, or that have no sample; sorted.
   */
  public Set<String> staleBackends() {
    long now = time.currentTimeMillis();
    Set<String> stale = new TreeSet<>();
    Map<String, HostMetrics> current = latest;
    for (List<String> ids : backendsByHost.values()) {
      for (String id : ids) {
        HostMetrics m = current.get(id);
        if (m == null || m.ageMillis(now) > staleAfter.toMillis()) {
          stale.add(id);
        }
      }
    }
    return stale;
  }

  /** Refresh counters and the last error; never contains credentials. */
  public SourceStatus status() {
    return status;
  }

  private void publishStatus() {
    status =
        new SourceStatus(
            refreshes,
            failures,
            consecutiveFailures,
            lastSuccessMillis,
            hostsWithData,
            lastError,
            rejectedValues,
            lastRejectedValue);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof com.influxdb.exceptions.InfluxException ie && ie.status() > 0) {
      Object error = ie.errorBody().get("error"); // InfluxDB 1.x's error field
      message =
          "HTTP "
              + ie.status()
              + (error != null ? ": " + error : message != null ? ": " + message : "");
    }
    String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    text = text.replaceAll("\\s+", " ");
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "...";
  }

  private static Map<String, List<String>> mapHosts(
      Collection<Backend> backends, HostTagMapping mapping) {
    checkNotNull(backends, "backends");
    Map<String, List<String>> byHost = new LinkedHashMap<>();
    Set<String> ids = new TreeSet<>();
    for (Backend b : backends) {
      checkNotNull(b, "backends must not contain null");
      checkArgument(ids.add(b.id()), "two backends share the id %s", b.id());
      String host = mapping.hostTag(b);
      checkArgument(
          host != null && !host.isEmpty(), "backend %s maps to an empty host tag", b.id());
      byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(b.id());
    }
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    byHost.forEach((h, l) -> frozen.put(h, List.copyOf(l)));
    return java.util.Collections.unmodifiableMap(frozen);
  }

  /** Stops the background refreshes and releases the HTTP client; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (task != null) {
      task.cancel(false);
    }
    if (ownScheduler != null) {
      ownScheduler.shutdownNow();
    }
    if (readerToClose != null) {
      try {
        readerToClose.close();
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "Closing the InfluxDB reader failed", e);
      }
    }
  }

  /** Names the reader and the backends; never credentials. */
  @Override
  public String toString() {
    return "InfluxMetricsSource{"
        + description
        + ", backends="
        + latest.size()
        + '/'
        + backendsByHost.values().stream().mapToInt(List::size).sum()
        + ", status="
        + status
        + '}';
  }

  /**
   * Builder of {@link InfluxMetricsSource}. Defaults: Telegraf's schema, 5-minute look-back,
   * backends mapped by id, refresh every 5 s on a daemon thread of its own, stale after 30 s,
   * failures logged at most once a minute, the system clock.
   */
  public static final class Builder {
    private final InfluxConnection connection;
    private HostReader reader;
    private boolean ownsReader;
    private TelegrafSchema schema = TelegrafSchema.DEFAULT;
    private Duration lookback = TelegrafMetricsQuery.DEFAULT_LOOKBACK;
    private Collection<Backend> backends = List.of();
    private HostTagMapping hostTags = HostTagMapping.BACKEND_ID;
    private Duration interval = DEFAULT_INTERVAL;
    private Duration staleAfter = DEFAULT_STALE_AFTER;
    private Duration logPeriod = DEFAULT_LOG_PERIOD;
    private TimeSource time = TimeSource.SYSTEM;
    private ScheduledExecutorService scheduler;
    private boolean manual;
    private String description;

    private Builder(InfluxConnection connection, HostReader reader) {
      this.connection = connection;
      this.reader = reader;
    }

    /** Where the metrics live (default Telegraf's schema); only with a connection. */
    public Builder schema(TelegrafSchema value) {
      checkArgument(connection != null, "schema applies only to a builder with a connection");
      this.schema = checkNotNull(value, "schema");
      return this;
    }

    /** How far back to look for the newest points (default 5 min); only with a connection. */
    public Builder lookback(Duration value) {
      checkArgument(connection != null, "lookback applies only to a builder with a connection");
      checkArgument(value != null && value.toSeconds() >= 1, "lookback must be >= 1 s");
      this.lookback = value;
      return this;
    }

    /** The backends whose metrics are read (default none; see {@link #setBackends}). */
    public Builder backends(Collection<Backend> value) {
      this.backends = List.copyOf(checkNotNull(value, "backends"));
      return this;
    }

    /** How a backend's host tag is found (default {@link HostTagMapping#BACKEND_ID}). */
    public Builder hostTags(HostTagMapping value) {
      this.hostTags = checkNotNull(value, "hostTags");
      return this;
    }

    /** Time between refreshes, in [100 ms, 1 h] (default 5 s). */
    public Builder interval(Duration value) {
      checkArgument(
          value != null && value.toMillis() >= 100 && value.compareTo(Duration.ofHours(1)) <= 0,
          "interval must be in [100 ms, 1 h] but was %s",
          value);
      this.interval = value;
      return this;
    }

    /** Age after which {@link #staleBackends()} reports a sample, {@code > 0} (default 30 s). */
    public Builder staleAfter(Duration value) {
      checkArgument(
          value != null && !value.isNegative() && !value.isZero(),
          "staleAfter must be > 0 but was %s",
          value);
      this.staleAfter = value;
      return this;
    }

    /** Least time between two logged failures, {@code >= 0} (default 1 min). */
    public Builder logPeriod(Duration value) {
      checkArgument(value != null && !value.isNegative(), "logPeriod must be >= 0");
      this.logPeriod = value;
      return this;
    }

    /** The clock for staleness and status (default {@link TimeSource#SYSTEM}). */
    public Builder time(TimeSource value) {
      this.time = checkNotNull(value, "time");
      return this;
    }

    /** Runs refreshes on this scheduler instead of a thread of its own (not shut down on close). */
    public Builder scheduler(ScheduledExecutorService value) {
      this.scheduler = checkNotNull(value, "scheduler");
      return this;
    }

    /** No background refreshes: the owner calls {@link #refresh()} (tests, custom schedules). */
    public Builder manualRefresh() {
      this.manual = true;
      return this;
    }

    /** The source; with a connection, its HTTP client is created here. */
    public InfluxMetricsSource build() {
      if (connection != null) {
        reader = new InfluxQlHostReader(connection, new TelegrafMetricsQuery(schema, lookback));
        ownsReader = true;
        description = connection.toString();
      } else {
        description = "reader=" + reader.getClass().getSimpleName();
      }
      return new InfluxMetricsSource(this);
    }
  }
}
