package io.github.fulcrumlb.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.MetricsSource;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.core.health.OutlierDetection;
import io.github.fulcrumlb.core.health.SlowStart;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Configures and builds a {@link LoadBalancer}; obtained from {@link LoadBalancer#builder()}. Every
 * setting has a working default; setters validate at once and name the setting and the value in
 * their errors.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>backends</td><td>none (add them later with {@link LoadBalancer#addBackend})</td></tr>
 *   <tr><td>strategy</td><td>{@value #DEFAULT_STRATEGY}, found by name</td></tr>
 *   <tr><td>metrics</td><td>none: strategies see only locally observed load</td></tr>
 *   <tr><td>time, random</td>
 *       <td>{@link TimeSource#SYSTEM}, {@link RandomSource#threadLocal()}</td></tr>
 *   <tr><td>outlierDetection</td><td>{@link OutlierDetection#defaults()}</td></tr>
 *   <tr><td>slowStart</td><td>{@link SlowStart#off()}</td></tr>
 *   <tr><td>latencyDecay</td><td>10 s</td></tr>
 *   <tr><td>refreshInterval</td>
 *       <td>1 s, on an own daemon thread {@code fulcrum-control-N}</td></tr>
 * </table>
 *
 * <pre>{@code
 * LoadBalancer lb = LoadBalancer.builder()
 *     .backends(backends)
 *     .strategy("least-load")
 *     .strategyOptions(Map.of("stale-after", "20s"))
 *     .metrics(influxSource)
 *     .slowStart(SlowStart.over(Duration.ofSeconds(30)))
 *     .build();
 * }</pre>
 */
public final class LoadBalancerBuilder {
  /** Name of the strategy used when none is set. */
  public static final String DEFAULT_STRATEGY = "p2c";

  /** Default {@link #latencyDecay}: 10 s. */
  public static final Duration DEFAULT_LATENCY_DECAY = Duration.ofSeconds(10);

  /** Default {@link #refreshInterval}: 1 s. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);

  private static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(1);

  List<Backend> backends = List.of();
  Strategy strategy;
  String strategyName = DEFAULT_STRATEGY;
  Map<String, String> strategyOptions = Map.of();
  MetricsSource metrics;
  TimeSource time = TimeSource.SYSTEM;
  RandomSource random = RandomSource.threadLocal();
  OutlierDetection outlierDetection = OutlierDetection.defaults();
  SlowStart slowStart = SlowStart.off();
  Duration latencyDecay = DEFAULT_LATENCY_DECAY;
  Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
  ScheduledExecutorService scheduler;
  boolean manualRefresh;

  LoadBalancerBuilder() {}

  /** The initial members, at full weight (no slow start); ids must be unique. */
  public LoadBalancerBuilder backends(Collection<Backend> value) {
    this.backends = ControlPlane.checkedBackends("LoadBalancer.backends", value);
    return this;
  }

  /** Uses this strategy instance (the balancer's own; not shared). Replaces a strategy name. */
  public LoadBalancerBuilder strategy(Strategy value) {
    this.strategy = checkNotNull(value, "LoadBalancer.strategy must not be null");
    this.strategyName = null;
    return this;
  }

  /**
   * Uses the strategy registered under {@code name}, created by {@link Strategies#create(String,
   * StrategyContext)} at {@link #build()} with this builder's options, time and random. Replaces a
   * strategy instance.
   */
  public LoadBalancerBuilder strategy(String name) {
    checkArgument(
        name != null && !name.isBlank(),
        "LoadBalancer.strategy name must not be blank but was %s",
        name == null ? null : "\"" + name + "\"");
    this.strategyName = name;
    this.strategy = null;
    return this;
  }

  /**
   * Options for a strategy chosen by name, e.g. {@code Map.of("stale-after", "20s")} for {@code
   * least-load}.
   */
  public LoadBalancerBuilder strategyOptions(Map<String, String> value) {
    checkNotNull(value, "LoadBalancer.strategyOptions must not be null");
    this.strategyOptions = Map.copyOf(value);
    return this;
  }

  /** Host metrics handed to the strategy; the balancer subscribes to changes. Not closed by it. */
  public LoadBalancerBuilder metrics(MetricsSource value) {
    this.metrics = checkNotNull(value, "LoadBalancer.metrics must not be null");
    return this;
  }

  /** The clock for latencies, ejections, slow start and metric ages. */
  public LoadBalancerBuilder time(TimeSource value) {
    this.time = checkNotNull(value, "LoadBalancer.time must not be null");
    return this;
  }

  /** Randomness for keyless picks and for the strategy. */
  public LoadBalancerBuilder random(RandomSource value) {
    this.random = checkNotNull(value, "LoadBalancer.random must not be null");
    return this;
  }

  /** Ejection of failing backends and the panic threshold. */
  public LoadBalancerBuilder outlierDetection(OutlierDetection value) {
    this.outlierDetection = checkNotNull(value, "LoadBalancer.outlierDetection must not be null");
    return this;
  }

  /** Warm-up of backends that join or return from an ejection. */
  public LoadBalancerBuilder slowStart(SlowStart value) {
    this.slowStart = checkNotNull(value, "LoadBalancer.slowStart must not be null");
    return this;
  }

  /** Time constant of each backend's latency and error-rate moving averages, {@code > 0}. */
  public LoadBalancerBuilder latencyDecay(Duration value) {
    checkNotNull(value, "LoadBalancer.latencyDecay must not be null");
    checkArgument(
        value.compareTo(Duration.ZERO) > 0,
        "LoadBalancer.latencyDecay must be > 0 but was %s",
        value);
    this.latencyDecay = value;
    return this;
  }

  /**
   * Period of the background refresh (ages of metrics, ends of ejections, slow-start ramps), at
   * least 1 ms. Ignored in {@linkplain #manualRefresh() manual mode}.
   */
  public LoadBalancerBuilder refreshInterval(Duration value) {
    checkNotNull(value, "LoadBalancer.refreshInterval must not be null");
    checkArgument(
        value.compareTo(MIN_REFRESH_INTERVAL) >= 0,
        "LoadBalancer.refreshInterval must be >= 1ms but was %s",
        value);
    this.refreshInterval = value;
    return this;
  }

  /**
   * Runs background work on this scheduler instead of an own thread; the balancer cancels its tasks
   * on close but does not shut the scheduler down.
   */
  public LoadBalancerBuilder scheduler(ScheduledExecutorService value) {
    this.scheduler = checkNotNull(value, "LoadBalancer.scheduler must not be null");
    return this;
  }

  /**
   * Nothing runs in the background (for tests and simulations): ejections, expiries, ramps and
   * metric changes take effect when the caller invokes {@link LoadBalancer#refresh()}; membership
   * changes still take effect at once.
   */
  public LoadBalancerBuilder manualRefresh() {
    this.manualRefresh = true;
    return this;
  }

  /**
   * The balancer, with its strategy already given the initial backends.
   *
   * @throws IllegalArgumentException if the strategy name is unknown, an option is invalid, or
   *     settings contradict each other
   */
  public LoadBalancer build() {
    checkArgument(
        !(manualRefresh && scheduler != null),
        "LoadBalancer.manualRefresh() and LoadBalancer.scheduler(%s) exclude each other",
        scheduler);
    checkArgument(
        strategy == null || strategyOptions.isEmpty(),
        "LoadBalancer.strategyOptions %s apply only to a strategy chosen by name, not to the"
            + " instance %s",
        strategyOptions,
        strategy);
    Strategy s = strategy;
    if (s == null) {
      StrategyContext context =
          StrategyContext.builder().options(strategyOptions).time(time).random(random).build();
      s = Strategies.create(strategyName, context);
    }
    return new LoadBalancer(this, s);
  }
}
