package io.github.fulcrumlb.micrometer;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.core.BackendStats;
import io.github.fulcrumlb.core.BalancerStats;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.core.OutcomeListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link LoadBalancer}'s counters to a Micrometer registry, per backend ({@code backend}
 * tag) and in total.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code fulcrum.lb.picks}</td><td>function counter</td>
 *       <td>requests picked: ended with an outcome, cancelled (since binding, counted by the
 *       listener; without the latency timer: ended or in flight), or in flight</td></tr>
 *   <tr><td>{@code fulcrum.lb.requests}</td><td>function counter, tag {@code outcome}
 *       = {@code success | failure}</td><td>requests ended with an outcome (completions and
 *       failures)</td></tr>
 *   <tr><td>{@code fulcrum.lb.requests.active}</td><td>gauge</td><td>requests in flight</td></tr>
 *   <tr><td>{@code fulcrum.lb.request.latency}</td><td>timer, percentile histogram</td>
 *       <td>each reported latency, in seconds</td></tr>
 *   <tr><td>{@code fulcrum.lb.latency.ewma}</td><td>gauge, seconds</td>
 *       <td>the moving average the strategies read</td></tr>
 *   <tr><td>{@code fulcrum.lb.ejections}</td><td>function counter</td>
 *       <td>times the backend was ejected</td></tr>
 *   <tr><td>{@code fulcrum.lb.backend.weight}</td><td>gauge</td>
 *       <td>effective weight (slow start applied)</td></tr>
 *   <tr><td>{@code fulcrum.lb.backend.ready}</td><td>gauge</td><td>1 if the strategy may pick
 *       it</td></tr>
 *   <tr><td>{@code fulcrum.lb.backends.ready}</td><td>gauge, no backend tag</td>
 *       <td>backends the strategy may pick</td></tr>
 *   <tr><td>{@code fulcrum.lb.backends}</td><td>gauge, no backend tag</td><td>members</td></tr>
 *   <tr><td>{@code fulcrum.lb.panic}</td><td>gauge, no backend tag</td>
 *       <td>1 in panic mode</td></tr>
 * </table>
 *
 * <p><b>Nothing on the pick path.</b> Counters, gauges and the moving average are read from {@link
 * LoadBalancer#stats()} when the registry asks (once per scrape: a snapshot serves every meter read
 * within {@value #SNAPSHOT_MAX_AGE_MILLIS} ms). The balancer keeps latency only as a moving
 * average, which cannot honestly become a histogram; so the timer is fed by an {@link
 * OutcomeListener} registered on the balancer, which runs inside {@link LoadBalancer#report} (the
 * end of a request, not the pick) and records into the backend's timer: one lock-free map read and
 * Micrometer's lock-free histogram update. The listener is the only thing that reaches the registry
 * from the balancer; the meters hold the balancer weakly (Micrometer's default for gauges and
 * function counters), so a balancer that is closed and no longer referenced is collected.
 *
 * <p>Backends that join after binding get their meters at the next scrape (or at their first
 * outcome, for the timer); meters of backends that left are removed at the next scrape. {@code
 * picks} counts cancellations only from the moment of binding: bind right after building the
 * balancer.
 *
 * <pre>{@code
 * LoadBalancer lb = LoadBalancer.builder().backends(backends).strategy("p2c").build();
 * LoadBalancerMetrics metrics = new LoadBalancerMetrics(lb, Tags.of("balancer", "orders"));
 * metrics.bindTo(registry);
 * ...
 * metrics.close(); // removes the meters and the listener
 * lb.close();
 * }</pre>
 */
public final class LoadBalancerMetrics implements MeterBinder, AutoCloseable {
  /** How long one {@link LoadBalancer#stats()} snapshot serves meter reads. */
  public static final long SNAPSHOT_MAX_AGE_MILLIS = 20;

  /** Lowest bucket boundary of the latency histogram. */
  public static final java.time.Duration MIN_EXPECTED_LATENCY = java.time.Duration.ofNanos(10_000);

  /** Highest bucket boundary of the latency histogram (above it: only +Inf). */
  public static final java.time.Duration MAX_EXPECTED_LATENCY = java.time.Duration.ofSeconds(30);

  private final Tags tags;
  private final boolean latencyTimer;
  private final SnapshotCache<LoadBalancer, BalancerStats> stats;
  private final Map<String, BackendMeters> backends = new ConcurrentHashMap<>();
  private final List<Meter> clusterMeters = new ArrayList<>();
  private volatile MeterRegistry registry;
  private OutcomeListener.Registration listener;

  /** Binds {@code balancer} without extra tags. */
  public LoadBalancerMetrics(LoadBalancer balancer) {
    this(balancer, Tags.empty());
  }

  /**
   * @param balancer the balancer to observe; held weakly
   * @param tags added to every meter, e.g. {@code Tags.of("balancer", "orders")} when a process
   *     runs several balancers
   */
  public LoadBalancerMetrics(LoadBalancer balancer, Iterable<Tag> tags) {
    this(balancer, tags, true, System::nanoTime);
  }

  /**
   * @param balancer the balancer to observe; held weakly
   * @param tags added to every meter
   * @param latencyTimer whether to register the outcome listener that feeds {@code
   *     fulcrum.lb.request.latency}; without it, nothing at all runs on the report path (the moving
   *     average {@code fulcrum.lb.latency.ewma} stays), for services whose report budget cannot
   *     take a histogram update (docs/BENCHMARKS.md)
   */
  public LoadBalancerMetrics(LoadBalancer balancer, Iterable<Tag> tags, boolean latencyTimer) {
    this(balancer, tags, latencyTimer, System::nanoTime);
  }

  /** With the clock that ages snapshots (tests). */
  LoadBalancerMetrics(
      LoadBalancer balancer, Iterable<Tag> tags, boolean latencyTimer, LongSupplier nanoTime) {
    checkNotNull(balancer, "balancer must not be null");
    this.tags = Tags.of(checkNotNull(tags, "tags must not be null"));
    this.latencyTimer = latencyTimer;
    this.stats =
        new SnapshotCache<>(
            balancer,
            LoadBalancer::stats,
            nanoTime,
            TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_MAX_AGE_MILLIS));
  }

  @Override
  public synchronized void bindTo(MeterRegistry target) {
    checkNotNull(target, "registry must not be null");
    if (registry != null) {
      throw new IllegalStateException("LoadBalancerMetrics is already bound to " + registry);
    }
    LoadBalancer lb = stats.source();
    if (lb == null) {
      throw new IllegalStateException("the LoadBalancer was already collected");
    }
    registry = target;
    clusterMeters.add(
        Gauge.builder("fulcrum.lb.backends.ready", lb, l -> clusterValue(BalancerMetrics.READY))
            .tags(tags)
            .description("Backends the strategy may pick (members not ejected, or all in panic)")
            .register(target));
    clusterMeters.add(
        Gauge.builder("fulcrum.lb.backends", lb, l -> clusterValue(BalancerMetrics.MEMBERS))
            .tags(tags)
            .description("Member backends")
            .register(target));
    clusterMeters.add(
        Gauge.builder("fulcrum.lb.panic", lb, l -> clusterValue(BalancerMetrics.PANIC))
            .tags(tags)
            .description("1 while the balancer ignores ejections because too few are healthy")
            .register(target));
    syncBackends(stats.get());
    if (latencyTimer) {
      listener = lb.addOutcomeListener(new TimingListener());
    }
  }

  /** The number of ready backends as of the last snapshot, or 0 once the balancer is gone. */
  private double clusterValue(BalancerMetrics which) {
    BalancerStats s = snapshotAndSync();
    if (s == null) {
      return Double.NaN;
    }
    switch (which) {
      case READY:
        int ready = 0;
        for (BackendStats b : s.backends()) {
          ready += b.ready() ? 1 : 0;
        }
        return ready;
      case MEMBERS:
        return s.backends().size();
      default:
        return s.panicMode() ? 1 : 0;
    }
  }

  private enum BalancerMetrics {
    READY,
    MEMBERS,
    PANIC
  }

  private BalancerStats snapshotAndSync() {
    BalancerStats s = stats.get();
    if (s != null) {
      syncBackends(s);
    }
    return s;
  }

  /** Registers meters of backends new in {@code s}, removes those of backends gone from it. */
  private void syncBackends(BalancerStats s) {
    MeterRegistry r = registry;
    if (s == null || r == null) {
      return;
    }
    Set<String> present = new HashSet<>();
    for (BackendStats b : s.backends()) {
      present.add(b.id());
      BackendMeters m = backends.get(b.id());
      if (m == null || !m.complete) {
        meters(b.id()).registerFunctions(r);
      }
    }
    for (Iterator<BackendMeters> it = backends.values().iterator(); it.hasNext(); ) {
      BackendMeters m = it.next();
      if (!present.contains(m.id)) {
        it.remove();
        m.remove(r);
      }
    }
  }

  private BackendMeters meters(String id) {
    return backends.computeIfAbsent(id, BackendMeters::new);
  }

  private BackendStats backend(String id) {
    BalancerStats s = stats.get();
    return s == null ? null : s.backend(id).orElse(null);
  }

  /** Removes every meter of this binder from the registry and unregisters the listener. */
  @Override
  public synchronized void close() {
    if (listener != null) {
      listener.close();
      listener = null;
    }
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    clusterMeters.forEach(r::remove);
    clusterMeters.clear();
    for (BackendMeters m : backends.values()) {
      m.remove(r);
    }
    backends.clear();
  }

  /** Feeds the latency timers; runs on the report path. */
  private final class TimingListener implements OutcomeListener {
    @Override
    public void onOutcome(Endpoint endpoint, long latencyNanos, boolean success) {
      BackendMeters m = backends.get(endpoint.id());
      if (m == null) {
        m = meters(endpoint.id()); // a backend new since the last scrape: once per backend
      }
      Timer t = m.latency;
      if (t == null) {
        t = m.registerTimer();
      }
      if (t != null) {
        t.record(Math.max(0L, latencyNanos), TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void onCancel(Endpoint endpoint) {
      BackendMeters m = backends.get(endpoint.id());
      if (m == null) {
        m = meters(endpoint.id());
      }
      m.cancelled.increment();
    }
  }

  /** The meters of one backend. */
  private final class BackendMeters {
    final String id;
    final Tags backendTags;
    final LongAdder cancelled = new LongAdder();
    final List<Meter> registered = new ArrayList<>();
    volatile Timer latency;
    volatile boolean complete;

    /** The highest picks value reported, so that the counter never goes down between reads. */
    private double picks;

    BackendMeters(String id) {
      this.id = id;
      this.backendTags = tags.and("backend", id);
    }

    synchronized Timer registerTimer() {
      MeterRegistry r = registry;
      if (latency == null && r != null && latencyTimer) {
        latency =
            Timer.builder("fulcrum.lb.request.latency")
                .tags(backendTags)
                .description("Latency of requests reported to the balancer")
                .publishPercentileHistogram()
                // Loopback and in-datacenter UDP round trips are tens of microseconds: Micrometer's
                // default lower end (1 ms) would put them all in one bucket.
                .minimumExpectedValue(MIN_EXPECTED_LATENCY)
                .maximumExpectedValue(MAX_EXPECTED_LATENCY)
                .register(r);
        registered.add(latency);
      }
      return latency;
    }

    synchronized void registerFunctions(MeterRegistry r) {
      if (complete) {
        return;
      }
      LoadBalancer lb = stats.source();
      if (lb == null) {
        return;
      }
      registerTimer();
      registered.add(
          FunctionCounter.builder("fulcrum.lb.picks", lb, l -> picks())
              .tags(backendTags)
              .description("Requests picked for the backend (ended, cancelled or in flight)")
              .register(r));
      registered.add(
          FunctionCounter.builder(
                  "fulcrum.lb.requests", lb, l -> read(b -> b.completed() - b.failed()))
              .tags(backendTags.and("outcome", "success"))
              .description("Requests ended with an outcome")
              .register(r));
      registered.add(
          FunctionCounter.builder("fulcrum.lb.requests", lb, l -> read(b -> b.failed()))
              .tags(backendTags.and("outcome", "failure"))
              .description("Requests ended with an outcome")
              .register(r));
      registered.add(
          Gauge.builder("fulcrum.lb.requests.active", lb, l -> read(b -> b.inFlight()))
              .tags(backendTags)
              .description("Requests in flight")
              .register(r));
      registered.add(
          Gauge.builder("fulcrum.lb.latency.ewma", lb, l -> read(b -> b.latencyEwmaMillis() / 1e3))
              .tags(backendTags)
              .baseUnit("seconds")
              .description("Time-decayed latency average the strategies read")
              .register(r));
      registered.add(
          FunctionCounter.builder("fulcrum.lb.ejections", lb, l -> read(b -> b.ejectionCount()))
              .tags(backendTags)
              .description("Times the backend was ejected after consecutive failures")
              .register(r));
      registered.add(
          Gauge.builder("fulcrum.lb.backend.weight", lb, l -> read(b -> b.effectiveWeight()))
              .tags(backendTags)
              .description("Effective weight the strategy sees (slow start applied)")
              .register(r));
      registered.add(
          Gauge.builder("fulcrum.lb.backend.ready", lb, l -> read(b -> b.ready() ? 1 : 0))
              .tags(backendTags)
              .description("1 if the strategy may pick the backend")
              .register(r));
      complete = true;
    }

    private double read(ToDoubleFunction<BackendStats> field) {
      BackendStats b = backend(id);
      return b == null ? Double.NaN : field.applyAsDouble(b);
    }

    private synchronized double picks() {
      BackendStats b = backend(id);
      if (b == null) {
        return picks;
      }
      // Three counters read apart: a request ending between the reads must not make it go down.
      picks = Math.max(picks, (double) b.completed() + b.inFlight() + cancelled.sum());
      return picks;
    }

    synchronized void remove(MeterRegistry r) {
      registered.forEach(r::remove);
      registered.clear();
      latency = null;
      complete = false;
    }
  }
}
