package io.github.fulcrumlb.netty.config;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.MetricsSource;
import io.github.fulcrumlb.core.health.OutlierDetection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a {@link io.github.fulcrumlb.netty.server.UdpBalancer} needs: where to listen, the
 * backends, the strategy, host metrics, session limits and timeouts. Immutable; the builder
 * validates each setting at once and names it in its error.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>strategy</td><td>{@code p2c}</td></tr>
 *   <tr><td>affinity</td><td>{@link Affinity#SESSION}</td></tr>
 *   <tr><td>maxSessions</td><td>{@value #DEFAULT_MAX_SESSIONS} (LRU eviction beyond)</td></tr>
 *   <tr><td>idleTimeout</td><td>30 s without a datagram from the client</td></tr>
 *   <tr><td>replyTimeout</td><td>1 s: a datagram without a reply by then is a failure</td></tr>
 *   <tr><td>maxPendingPerSession</td><td>{@value #DEFAULT_MAX_PENDING} requests awaiting a reply</td></tr>
 *   <tr><td>eventLoops</td><td>the number of processors</td></tr>
 *   <tr><td>nativeTransport</td><td>true: epoll with SO_REUSEPORT when available, else NIO</td></tr>
 *   <tr><td>maxDatagramSize</td><td>{@value #DEFAULT_MAX_DATAGRAM} bytes (IPv4's largest); larger
 *       datagrams, either way, are dropped whole and counted as oversize, never cut</td></tr>
 *   <tr><td>drainTimeout</td><td>5 s</td></tr>
 *   <tr><td>activeHealthCheck</td><td>none: passive health only (reply timeouts, ICMP)</td></tr>
 *   <tr><td>lameDuckTimeout</td><td>0: sessions of a removed backend move at once</td></tr>
 *   <tr><td>metrics</td><td>none</td></tr>
 *   <tr><td>outlierDetection</td><td>3 failures in a row eject for 10 s × 2^(n−1), up to 50 %</td></tr>
 *   <tr><td>metrics</td><td>none: strategies see only the balancer's own counters</td></tr>
 * </table>
 *
 * <pre>{@code
 * UdpBalancerConfig config = UdpBalancerConfig.builder()
 *     .listen(new InetSocketAddress("127.0.0.1", 5353))
 *     .backends(List.of(Backend.parse("127.0.0.1:5301"), Backend.parse("127.0.0.1:5302")))
 *     .strategy("peak-ewma")
 *     .build();
 * }</pre>
 *
 * <p>With host metrics (e.g. lb-influx's {@code InfluxMetricsSource}), for a metric-aware strategy
 * such as {@code least-load}:
 *
 * <pre>{@code
 * try (MetricsSource metrics = InfluxMetricsSource.builder(influx).backends(backends).build();
 *     UdpBalancer lb = UdpBalancer.start(UdpBalancerConfig.builder()
 *         .listen(new InetSocketAddress("127.0.0.1", 5353))
 *         .backends(backends)
 *         .strategy("least-load")
 *         .metrics(metrics)
 *         .build())) {
 *   ...
 * } // the balancer closes first, then the source: whoever opened the source closes it
 * }</pre>
 */
public final class UdpBalancerConfig {
  /** Default {@link Builder#maxSessions}. */
  public static final int DEFAULT_MAX_SESSIONS = 65_536;

  /** Default {@link Builder#maxPendingPerSession}. */
  public static final int DEFAULT_MAX_PENDING = 64;

  /** Default {@link Builder#maxDatagramSize}: the largest UDP payload over IPv4. */
  public static final int DEFAULT_MAX_DATAGRAM = 65_507;

  /** Default outlier detection: 3 failures in a row, 10 s base ejection, at most 50 % ejected. */
  public static final OutlierDetection DEFAULT_OUTLIER_DETECTION =
      OutlierDetection.builder()
          .consecutiveFailures(3)
          .baseEjectionTime(Duration.ofSeconds(10))
          .maxEjectionPercent(50)
          .build();

  private final InetSocketAddress listen;
  private final List<Backend> backends;
  private final String strategy;
  private final Map<String, String> strategyOptions;
  private final Affinity affinity;
  private final int maxSessions;
  private final Duration idleTimeout;
  private final Duration replyTimeout;
  private final int maxPendingPerSession;
  private final int eventLoops;
  private final boolean nativeTransport;
  private final int maxDatagramSize;
  private final Duration drainTimeout;
  private final OutlierDetection outlierDetection;
  private final Duration refreshInterval;
  private final MetricsSource metrics; // null: none
  private final ActiveHealthCheck activeHealthCheck; // null: none
  private final Duration lameDuckTimeout;

  private UdpBalancerConfig(Builder b) {
    this.listen = b.listen;
    this.backends = List.copyOf(b.backends);
    this.strategy = b.strategy;
    this.strategyOptions = Map.copyOf(b.strategyOptions);
    this.affinity = b.affinity;
    this.maxSessions = b.maxSessions;
    this.idleTimeout = b.idleTimeout;
    this.replyTimeout = b.replyTimeout;
    this.maxPendingPerSession = b.maxPendingPerSession;
    this.eventLoops = b.eventLoops;
    this.nativeTransport = b.nativeTransport;
    this.maxDatagramSize = b.maxDatagramSize;
    this.drainTimeout = b.drainTimeout;
    this.outlierDetection = b.outlierDetection;
    this.refreshInterval = b.refreshInterval;
    this.metrics = b.metrics;
    this.activeHealthCheck = b.activeHealthCheck;
    this.lameDuckTimeout = b.lameDuckTimeout;
  }

  /** A builder starting from the defaults; {@code listen} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The UDP address to listen on; port 0 picks a free one. */
  public InetSocketAddress listen() {
    return listen;
  }

  /** The initial backends (ids unique, at least one). */
  public List<Backend> backends() {
    return backends;
  }

  /** The strategy's registered name. */
  public String strategy() {
    return strategy;
  }

  /** The strategy's options. */
  public Map<String, String> strategyOptions() {
    return strategyOptions;
  }

  /** One pick per session or per datagram. */
  public Affinity affinity() {
    return affinity;
  }

  /** Most sessions held at once, over all event loops. */
  public int maxSessions() {
    return maxSessions;
  }

  /** A session without a client datagram for this long is closed. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** A forwarded datagram without a reply after this long counts as a failed request. */
  public Duration replyTimeout() {
    return replyTimeout;
  }

  /** Most requests of one session awaiting a reply; beyond, the oldest stops being tracked. */
  public int maxPendingPerSession() {
    return maxPendingPerSession;
  }

  /** Number of event loops (threads). */
  public int eventLoops() {
    return eventLoops;
  }

  /** Whether to use epoll when available. */
  public boolean nativeTransport() {
    return nativeTransport;
  }

  /**
   * The largest datagram relayed, either way; larger ones are dropped whole and counted ({@code
   * oversize} in the stats), never relayed cut. Each read takes a buffer one byte larger.
   */
  public int maxDatagramSize() {
    return maxDatagramSize;
  }

  /** How long {@code close()} waits for replies to requests in flight. */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  /** When failing backends are ejected. */
  public OutlierDetection outlierDetection() {
    return outlierDetection;
  }

  /** Period of the balancer's control-plane refresh (ejection ends, metrics). */
  public Duration refreshInterval() {
    return refreshInterval;
  }

  /**
   * The source of host metrics handed to the strategy, if any. The balancer reads and subscribes to
   * it but never closes it: whoever created it closes it, after the balancer.
   */
  public Optional<MetricsSource> metrics() {
    return Optional.ofNullable(metrics);
  }

  /** Active health checks of the backends, if any. */
  public Optional<ActiveHealthCheck> activeHealthCheck() {
    return Optional.ofNullable(activeHealthCheck);
  }

  /**
   * How long sessions of a backend removed from membership keep going to it (no new session picks
   * it); then they are closed. 0: they move to another backend with their next datagram.
   */
  public Duration lameDuckTimeout() {
    return lameDuckTimeout;
  }

  @Override
  public String toString() {
    return "UdpBalancerConfig{listen="
        + listen
        + ", backends="
        + backends.size()
        + ", strategy="
        + strategy
        + ", affinity="
        + affinity
        + ", maxSessions="
        + maxSessions
        + ", idleTimeout="
        + idleTimeout
        + ", replyTimeout="
        + replyTimeout
        + ", eventLoops="
        + eventLoops
        + ", nativeTransport="
        + nativeTransport
        + ", maxDatagramSize="
        + maxDatagramSize
        + ", metrics="
        + (metrics == null ? "none" : metrics)
        + ", activeHealthCheck="
        + (activeHealthCheck == null ? "none" : activeHealthCheck)
        + ", lameDuckTimeout="
        + lameDuckTimeout
        + '}';
  }

  /** Builder of {@link UdpBalancerConfig}; see the class documentation for defaults. */
  public static final class Builder {
    private InetSocketAddress listen;
    private final List<Backend> backends = new ArrayList<>();
    private String strategy = "p2c";
    private final Map<String, String> strategyOptions = new LinkedHashMap<>();
    private Affinity affinity = Affinity.SESSION;
    private int maxSessions = DEFAULT_MAX_SESSIONS;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Duration replyTimeout = Duration.ofSeconds(1);
    private int maxPendingPerSession = DEFAULT_MAX_PENDING;
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    private boolean nativeTransport = true;
    private int maxDatagramSize = DEFAULT_MAX_DATAGRAM;
    private Duration drainTimeout = Duration.ofSeconds(5);
    private OutlierDetection outlierDetection = DEFAULT_OUTLIER_DETECTION;
    private Duration refreshInterval = Duration.ofMillis(250);
    private MetricsSource metrics;
    private ActiveHealthCheck activeHealthCheck;
    private Duration lameDuckTimeout = Duration.ZERO;

    private Builder() {}

    /** The address to listen on (resolved); port 0 picks a free port. */
    public Builder listen(InetSocketAddress value) {
      Objects.requireNonNull(value, "listen must not be null");
      if (value.isUnresolved()) {
        throw new IllegalArgumentException(
            "listen address " + value.getHostString() + " cannot be resolved");
      }
      this.listen = value;
      return this;
    }

    /** Replaces the backends. */
    public Builder backends(List<Backend> value) {
      Objects.requireNonNull(value, "backends must not be null");
      backends.clear();
      value.forEach(this::backend);
      return this;
    }

    /** Adds one backend. */
    public Builder backend(Backend value) {
      backends.add(Objects.requireNonNull(value, "backend must not be null"));
      return this;
    }

    /** The strategy, by its registered name ({@code ./fulcrum strategies}). */
    public Builder strategy(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("strategy must not be blank");
      }
      this.strategy = value;
      return this;
    }

    /** Options of the strategy. */
    public Builder strategyOptions(Map<String, String> value) {
      strategyOptions.clear();
      strategyOptions.putAll(Objects.requireNonNull(value, "strategyOptions must not be null"));
      return this;
    }

    /** Session (default) or per-datagram picks. */
    public Builder affinity(Affinity value) {
      this.affinity = Objects.requireNonNull(value, "affinity must not be null");
      return this;
    }

    /** Most sessions at once, in [1, 10 000 000]. */
    public Builder maxSessions(int value) {
      this.maxSessions = inRange("maxSessions", value, 1, 10_000_000);
      return this;
    }

    /** Idle time after which a session closes, in [10 ms, 1 day]. */
    public Builder idleTimeout(Duration value) {
      this.idleTimeout = duration("idleTimeout", value);
      return this;
    }

    /** Time after which an unanswered datagram counts as failed, in [10 ms, 1 day]. */
    public Builder replyTimeout(Duration value) {
      this.replyTimeout = duration("replyTimeout", value);
      return this;
    }

    /** Most requests per session awaiting a reply, in [1, 65 536]. */
    public Builder maxPendingPerSession(int value) {
      this.maxPendingPerSession = inRange("maxPendingPerSession", value, 1, 65_536);
      return this;
    }

    /** Event loops (threads), in [1, 1024]. */
    public Builder eventLoops(int value) {
      this.eventLoops = inRange("eventLoops", value, 1, 1024);
      return this;
    }

    /** Whether to use epoll when available (true) or always NIO (false). */
    public Builder nativeTransport(boolean value) {
      this.nativeTransport = value;
      return this;
    }

    /**
     * The largest datagram relayed, in [1, 65 535] bytes (65 507 is the most IPv4 carries, 65 527
     * IPv6 without jumbograms); larger ones are dropped and counted, never cut. Smaller values save
     * memory: every datagram read takes a buffer of this size plus one byte until it is sent on.
     */
    public Builder maxDatagramSize(int value) {
      this.maxDatagramSize = inRange("maxDatagramSize", value, 1, 65_535);
      return this;
    }

    /** How long {@code close()} waits for replies in flight, in [0, 1 day]. */
    public Builder drainTimeout(Duration value) {
      Objects.requireNonNull(value, "drainTimeout must not be null");
      if (value.isNegative() || value.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("drainTimeout must be in [0, 1 day] but was " + value);
      }
      this.drainTimeout = value;
      return this;
    }

    /** Ejection of failing backends (lb-core's outlier detection). */
    public Builder outlierDetection(OutlierDetection value) {
      this.outlierDetection = Objects.requireNonNull(value, "outlierDetection must not be null");
      return this;
    }

    /** Control-plane refresh period, in [10 ms, 1 day]. */
    public Builder refreshInterval(Duration value) {
      this.refreshInterval = duration("refreshInterval", value);
      return this;
    }

    /**
     * Host metrics (CPU, memory, network per backend) for metric-aware strategies such as {@code
     * least-load}; default none. The balancer passes the source to its {@link
     * io.github.fulcrumlb.core.LoadBalancer}, which subscribes to it and unsubscribes on close, but
     * does not own it: the caller closes the source, after the balancer. A source that reads a list
     * of backends (e.g. {@code InfluxMetricsSource.setBackends}) is not told of backends added or
     * removed later; its owner hands it the new list.
     */
    public Builder metrics(MetricsSource value) {
      this.metrics = Objects.requireNonNull(value, "metrics must not be null");
      return this;
    }

    /** Active health checks beside the passive ones; default none. */
    public Builder activeHealthCheck(ActiveHealthCheck value) {
      this.activeHealthCheck = Objects.requireNonNull(value, "activeHealthCheck must not be null");
      return this;
    }

    /**
     * Lame-duck drain of a backend removed from membership, in [0, 1 day]: no new session picks it,
     * established sessions keep going to it for this long and are then closed. 0 (default): they
     * move to another backend with their next datagram.
     */
    public Builder lameDuckTimeout(Duration value) {
      Objects.requireNonNull(value, "lameDuckTimeout must not be null");
      if (value.isNegative() || value.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(
            "lameDuckTimeout must be in [0, 1 day] but was " + value);
      }
      this.lameDuckTimeout = value;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException if {@code listen} is missing, there is no backend, or two
     *     backends share an id
     */
    public UdpBalancerConfig build() {
      if (listen == null) {
        throw new IllegalArgumentException("listen address is required");
      }
      if (backends.isEmpty()) {
        throw new IllegalArgumentException("No backends: give at least one backend (host:port)");
      }
      Set<String> ids = new HashSet<>();
      for (Backend b : backends) {
        if (!ids.add(b.id())) {
          throw new IllegalArgumentException("Backend " + b.id() + " is given twice");
        }
        if (b.port() == 0) {
          throw new IllegalArgumentException("Backend " + b.id() + " needs a port in [1, 65535]");
        }
      }
      return new UdpBalancerConfig(this);
    }

    private static int inRange(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be in [" + min + ", " + max + "] but was " + value);
      }
      return value;
    }

    private static Duration duration(String name, Duration value) {
      Objects.requireNonNull(value, name + " must not be null");
      if (value.compareTo(Duration.ofMillis(10)) < 0 || value.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(name + " must be in [10ms, 1 day] but was " + value);
      }
      return value;
    }
  }
}
