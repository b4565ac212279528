package io.github.fulcrumlb.micrometer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.rl.online.OnlineStats;
import io.github.fulcrumlb.rl.serving.FallbackReason;
import io.github.fulcrumlb.rl.serving.RlStats;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Binds what an {@link RlStrategy} reports ({@link RlStrategy#stats()}) to a Micrometer registry.
 *
 * <ul>
 *   <li>{@code fulcrum.rl.fallback} gauge, tag {@code reason}: 1 for the reason the last update
 *       fell back to p2c, 0 for the others; all 0 while picking on learned costs. One reason per
 *       {@link FallbackReason.Kind}: {@code no-update} (before the first update), {@code no-model}
 *       (built without one), {@code model-unusable} (missing, corrupt or incompatible file), {@code
 *       non-finite} (the model's output), {@code model-error} (the model threw). Missing or stale
 *       host metrics are inputs of the model, not a fallback. The free text stays in {@link
 *       RlStats#reason()}: it would make unbounded series.
 *   <li>{@code fulcrum.rl.updates}, {@code fulcrum.rl.fallback.updates}: control-plane updates and
 *       of which fell back (function counters).
 *   <li>The online learner ({@link OnlineStats}, from {@code RlStats#online()}): {@code
 *       fulcrum.rl.online.state} gauge, tag {@code state} ({@code off}, {@code learning}, {@code
 *       paused}): 1 for what the learner does now, 0 for the others; {@code
 *       fulcrum.rl.online.steps} and {@code fulcrum.rl.online.reverts} (function counters: steps
 *       that changed a correction, guard reverts to the frozen costs; a state file resumes them);
 *       gauges {@code fulcrum.rl.online.corrected.backends}, {@code
 *       fulcrum.rl.online.largest.correction} (a factor on a backend's cost, 1 = none), {@code
 *       fulcrum.rl.online.reward} and {@code fulcrum.rl.online.reward.trend} (milliseconds: minus
 *       the recent mean latency, and its short minus long average, > 0 while latency falls), {@code
 *       fulcrum.rl.online.guard.samples} and {@code fulcrum.rl.online.guard.margin} (NaN with too
 *       few samples). All 0 (the correction 1) while online learning is off.
 * </ul>
 *
 * <p><b>Extension point.</b> Anything else read from the strategy binds through {@link #gauge} and
 * {@link #counter}, which read a number from the strategy when the registry asks.
 *
 * <pre>{@code
 * if (udp.strategy() instanceof RlStrategy rl) {
 *   new RlStrategyMetrics(rl, Tags.of("balancer", "dns"))
 *       .gauge("fulcrum.rl.scan", "Backends compared per pick", s -> 16)
 *       .bindTo(registry);
 * }
 * }</pre>
 */
public final class RlStrategyMetrics implements MeterBinder, AutoCloseable {
  /** The values of the {@code state} tag of {@code fulcrum.rl.online.state}. */
  public static final List<String> ONLINE_STATES = List.of("off", "learning", "paused");

  /** The values of the {@code reason} tag of {@code fulcrum.rl.fallback}. */
  public static final List<String> REASONS =
      List.of("no-update", "no-model", "model-unusable", "non-finite", "model-error");

  private final WeakReference<RlStrategy> strategy; // the meters too hold it weakly
  private final Tags tags;
  private final List<Extra> extras = new ArrayList<>();
  private final List<Meter> meters = new ArrayList<>();
  private MeterRegistry registry;

  /** Binds {@code strategy} without extra tags. */
  public RlStrategyMetrics(RlStrategy strategy) {
    this(strategy, Tags.empty());
  }

  /**
   * @param strategy the strategy to observe; its meters hold it weakly
   * @param tags added to every meter
   */
  public RlStrategyMetrics(RlStrategy strategy, Iterable<Tag> tags) {
    this.strategy = new WeakReference<>(checkNotNull(strategy, "strategy must not be null"));
    this.tags = Tags.of(checkNotNull(tags, "tags must not be null"));
  }

  /** Adds a gauge read from the strategy (e.g. a learner statistic); before {@link #bindTo}. */
  public synchronized RlStrategyMetrics gauge(
      String name, String description, ToDoubleFunction<RlStrategy> value) {
    return extra(name, description, value, false);
  }

  /** Adds a monotonic counter read from the strategy; before {@link #bindTo}. */
  public synchronized RlStrategyMetrics counter(
      String name, String description, ToDoubleFunction<RlStrategy> value) {
    return extra(name, description, value, true);
  }

  private RlStrategyMetrics extra(
      String name, String description, ToDoubleFunction<RlStrategy> value, boolean counter) {
    checkArgument(
        name != null
            && name.startsWith("fulcrum.rl.")
            && name.equals(name.toLowerCase(Locale.ROOT)),
        "RlStrategyMetrics meter name must be lower case under fulcrum.rl. but was %s",
        name);
    checkNotNull(value, "value must not be null");
    checkArgument(registry == null, "add meters before bindTo");
    extras.add(new Extra(name, description, value, counter));
    return this;
  }

  /**
   * The {@code reason} tag value for the strategy's fallback reason, or {@code null} when it picks
   * on its learned costs: one tag value per {@link FallbackReason.Kind}, never the message (which
   * names files and counts, and would make unbounded series).
   */
  static String reasonTag(RlStats stats) {
    FallbackReason why = stats.fallback();
    if (stats.mode() == RlStats.Mode.LEARNED || why == null) {
      return null;
    }
    if (stats.updates() == 0) {
      return "no-update"; // whatever else is wrong, nothing was scored yet
    }
    return switch (why.kind()) {
      case NO_UPDATE_YET -> "no-update";
      case NO_MODEL_GIVEN -> "no-model";
      case MODEL_UNUSABLE -> "model-unusable";
      case NON_FINITE_OUTPUT -> "non-finite";
      case MODEL_FAILED -> "model-error";
    };
  }

  @Override
  public synchronized void bindTo(MeterRegistry target) {
    checkNotNull(target, "registry must not be null");
    if (registry != null) {
      throw new IllegalStateException("RlStrategyMetrics is already bound to " + registry);
    }
    RlStrategy strategy = this.strategy.get();
    if (strategy == null) {
      throw new IllegalStateException("the RlStrategy was already collected");
    }
    registry = target;
    for (String reason : REASONS) {
      meters.add(
          Gauge.builder(
                  "fulcrum.rl.fallback", strategy, s -> reason.equals(reasonTag(s.stats())) ? 1 : 0)
              .tags(tags.and("reason", reason))
              .description("1 while rl falls back to p2c for this reason")
              .register(target));
    }
    meters.add(
        FunctionCounter.builder("fulcrum.rl.updates", strategy, s -> s.stats().updates())
            .tags(tags)
            .description("Control-plane updates of the rl strategy")
            .register(target));
    meters.add(
        FunctionCounter.builder(
                "fulcrum.rl.fallback.updates", strategy, s -> s.stats().fallbackUpdates())
            .tags(tags)
            .description("Updates that fell back to p2c")
            .register(target));
    bindOnline(target, strategy);
    for (Extra e : extras) {
      meters.add(
          e.counter
              ? FunctionCounter.builder(e.name, strategy, e.value)
                  .tags(tags)
                  .description(e.description)
                  .register(target)
              : Gauge.builder(e.name, strategy, e.value)
                  .tags(tags)
                  .description(e.description)
                  .register(target));
    }
  }

  private void bindOnline(MeterRegistry target, RlStrategy strategy) {
    for (String state : ONLINE_STATES) {
      meters.add(
          Gauge.builder(
                  "fulcrum.rl.online.state",
                  strategy,
                  s -> state.equals(stateTag(s.stats().online())) ? 1 : 0)
              .tags(tags.and("state", state))
              .description("1 while the rl online learner is in this state")
              .register(target));
    }
    meters.add(
        FunctionCounter.builder("fulcrum.rl.online.steps", strategy, s -> online(s).steps())
            .tags(tags)
            .description("Online-learning steps that changed a correction")
            .register(target));
    meters.add(
        FunctionCounter.builder("fulcrum.rl.online.reverts", strategy, s -> online(s).reverts())
            .tags(tags)
            .description("Times the guard reverted to the frozen costs")
            .register(target));
    onlineGauge(
        target,
        strategy,
        "fulcrum.rl.online.corrected.backends",
        null,
        "Backends whose cost the online learner corrects",
        o -> o.correctedBackends());
    onlineGauge(
        target,
        strategy,
        "fulcrum.rl.online.largest.correction",
        null,
        "Largest correction, as a factor on a backend's cost (1: none)",
        o -> o.largestCorrection());
    onlineGauge(
        target,
        strategy,
        "fulcrum.rl.online.reward",
        "milliseconds",
        "Minus the recent mean latency (10 s half-life)",
        o -> o.rewardMillis());
    onlineGauge(
        target,
        strategy,
        "fulcrum.rl.online.reward.trend",
        "milliseconds",
        "Reward's short average minus its long one (> 0 while latency falls)",
        o -> o.rewardTrend());
    onlineGauge(
        target,
        strategy,
        "fulcrum.rl.online.guard.samples",
        null,
        "Requests that ended in control intervals on the frozen costs (time-decayed)",
        o -> o.controlSamples());
    onlineGauge(
        target,
        strategy,
        "fulcrum.rl.online.guard.margin",
        null,
        "Mean latency with corrections over control intervals' mean, minus 1 (> 0: worse; NaN: too few)",
        o -> o.guardMargin());
  }

  private void onlineGauge(
      MeterRegistry target,
      RlStrategy strategy,
      String name,
      String unit,
      String description,
      ToDoubleFunction<OnlineStats> value) {
    meters.add(
        Gauge.builder(name, strategy, s -> value.applyAsDouble(online(s)))
            .tags(tags)
            .baseUnit(unit)
            .description(description)
            .register(target));
  }

  private static OnlineStats online(RlStrategy s) {
    return s.stats().online();
  }

  /** The {@code state} tag value of the learner's state. */
  static String stateTag(OnlineStats online) {
    return switch (online.state()) {
      case OFF -> "off";
      case LEARNING -> "learning";
      case PAUSED -> "paused";
    };
  }

  /** Removes the meters of this binder from the registry. */
  @Override
  public synchronized void close() {
    if (registry != null) {
      meters.forEach(registry::remove);
      meters.clear();
    }
  }

  private record Extra(
      String name, String description, ToDoubleFunction<RlStrategy> value, boolean counter) {}
}
