package io.github.fulcrumlb.core.health;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.Objects;

/**
 * How the balancer ejects backends that keep failing, and when it stops trusting ejections: an
 * immutable, validated configuration in the spirit of Envoy's outlier detection.
 *
 * <ul>
 *   <li>A backend whose requests fail {@link #consecutiveFailures()} times in a row is ejected: it
 *       receives no traffic until its ejection time has passed.
 *   <li>The n-th ejection of a backend lasts {@code baseEjectionTime × 2^(n-1)}, capped at {@link
 *       #maxEjectionTime()}. The count decays: every {@code baseEjectionTime} a backend spends in
 *       service forgives one earlier ejection.
 *   <li>At most {@link #maxEjectionPercent()} of the backends are ejected at once, but always at
 *       least one may be.
 *   <li>Panic: when fewer than {@link #panicThresholdPercent()} of the backends are healthy, the
 *       balancer ignores ejections and balances over all of them (0 turns panic mode off).
 * </ul>
 *
 * <pre>{@code
 * OutlierDetection od = OutlierDetection.builder()
 *     .consecutiveFailures(3)
 *     .baseEjectionTime(Duration.ofSeconds(10))
 *     .maxEjectionPercent(50)
 *     .build();
 * LoadBalancer lb = LoadBalancer.builder().backends(list).outlierDetection(od).build();
 * }</pre>
 */
public final class OutlierDetection {
  /** Default {@link #consecutiveFailures()}: 5, as in Envoy. */
  public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;

  /** Default {@link #baseEjectionTime()}: 30 s. */
  public static final Duration DEFAULT_BASE_EJECTION_TIME = Duration.ofSeconds(30);

  /** Default {@link #maxEjectionTime()}: 300 s. */
  public static final Duration DEFAULT_MAX_EJECTION_TIME = Duration.ofSeconds(300);

  /** Default {@link #maxEjectionPercent()}: 10 %, as in Envoy. */
  public static final double DEFAULT_MAX_EJECTION_PERCENT = 10;

  /** Default {@link #panicThresholdPercent()}: 50 %, as in Envoy. */
  public static final double DEFAULT_PANIC_THRESHOLD_PERCENT = 50;

  private static final OutlierDetection DEFAULTS = builder().build();
  private static final OutlierDetection DISABLED = new OutlierDetection(builder(), false);

  private final boolean enabled;
  private final int consecutiveFailures;
  private final long baseEjectionNanos;
  private final long maxEjectionNanos;
  private final double maxEjectionPercent;
  private final double panicThresholdPercent;

  private OutlierDetection(Builder b, boolean enabled) {
    this.enabled = enabled;
    this.consecutiveFailures = b.consecutiveFailures;
    this.baseEjectionNanos = b.baseEjectionTime.toNanos();
    this.maxEjectionNanos = b.maxEjectionTime.toNanos();
    this.maxEjectionPercent = b.maxEjectionPercent;
    this.panicThresholdPercent = b.panicThresholdPercent;
  }

  /** The documented defaults. */
  public static OutlierDetection defaults() {
    return DEFAULTS;
  }

  /** No backend is ever ejected, so there is no panic mode either. */
  public static OutlierDetection disabled() {
    return DISABLED;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether backends are ejected at all. */
  public boolean enabled() {
    return enabled;
  }

  /** Failures in a row that eject a backend. */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** Length of a backend's first ejection. */
  public Duration baseEjectionTime() {
    return Duration.ofNanos(baseEjectionNanos);
  }

  /** Longest ejection, however often a backend was ejected. */
  public Duration maxEjectionTime() {
    return Duration.ofNanos(maxEjectionNanos);
  }

  /** Largest share of backends ejected at once, in (0, 100]; at least one may always be. */
  public double maxEjectionPercent() {
    return maxEjectionPercent;
  }

  /** Below this share of healthy backends the balancer uses all of them, in [0, 100]. */
  public double panicThresholdPercent() {
    return panicThresholdPercent;
  }

  /**
   * How long the ejection at back-off level {@code level} lasts: {@code base × 2^(level-1)}, capped
   * at the maximum.
   *
   * @param level 1 for a first ejection, 2 for a second one in a row, ...
   */
  public Duration ejectionTime(int level) {
    checkArgument(level >= 1, "OutlierDetection ejection level must be >= 1 but was %s", level);
    return Duration.ofNanos(ejectionNanos(level));
  }

  long ejectionNanos(int level) {
    int shift = level - 1;
    if (shift >= Long.SIZE - 1 || baseEjectionNanos > (maxEjectionNanos >> shift)) {
      return maxEjectionNanos;
    }
    return baseEjectionNanos << shift;
  }

  long baseEjectionNanos() {
    return baseEjectionNanos;
  }

  /** How many of {@code members} backends may be ejected at the same time. */
  int maxEjected(int members) {
    return Math.max(1, (int) Math.floor(members * maxEjectionPercent / 100.0));
  }

  /** Whether {@code healthy} of {@code members} backends is below the panic threshold. */
  boolean isPanic(int healthy, int members) {
    return enabled && members > 0 && healthy * 100.0 < panicThresholdPercent * members;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutlierDetection other
        && enabled == other.enabled
        && consecutiveFailures == other.consecutiveFailures
        && baseEjectionNanos == other.baseEjectionNanos
        && maxEjectionNanos == other.maxEjectionNanos
        && Double.compare(maxEjectionPercent, other.maxEjectionPercent) == 0
        && Double.compare(panicThresholdPercent, other.panicThresholdPercent) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        enabled,
        consecutiveFailures,
        baseEjectionNanos,
        maxEjectionNanos,
        maxEjectionPercent,
        panicThresholdPercent);
  }

  @Override
  public String toString() {
    if (!enabled) {
      return "OutlierDetection{disabled}";
    }
    return "OutlierDetection{consecutiveFailures="
        + consecutiveFailures
        + ", baseEjectionTime="
        + baseEjectionTime()
        + ", maxEjectionTime="
        + maxEjectionTime()
        + ", maxEjectionPercent="
        + maxEjectionPercent
        + ", panicThresholdPercent="
        + panicThresholdPercent
        + '}';
  }

  /** Builder of {@link OutlierDetection}; each setter validates its value at once. */
  public static final class Builder {
    private int consecutiveFailures = DEFAULT_CONSECUTIVE_FAILURES;
    private Duration baseEjectionTime = DEFAULT_BASE_EJECTION_TIME;
    private Duration maxEjectionTime = DEFAULT_MAX_EJECTION_TIME;
    private double maxEjectionPercent = DEFAULT_MAX_EJECTION_PERCENT;
    private double panicThresholdPercent = DEFAULT_PANIC_THRESHOLD_PERCENT;

    private Builder() {}

    /** Failures in a row that eject a backend, {@code >= 1}. */
    public Builder consecutiveFailures(int value) {
      checkArgument(
          value >= 1, "OutlierDetection.consecutiveFailures must be >= 1 but was %s", value);
      this.consecutiveFailures = value;
      return this;
    }

    /** Length of a first ejection, {@code > 0}. */
    public Builder baseEjectionTime(Duration value) {
      checkNotNull(value, "OutlierDetection.baseEjectionTime must not be null");
      checkArgument(
          value.compareTo(Duration.ZERO) > 0,
          "OutlierDetection.baseEjectionTime must be > 0 but was %s",
          value);
      this.baseEjectionTime = value;
      return this;
    }

    /** Cap of the growing ejection time, {@code >= baseEjectionTime} (checked by build). */
    public Builder maxEjectionTime(Duration value) {
      checkNotNull(value, "OutlierDetection.maxEjectionTime must not be null");
      checkArgument(
          value.compareTo(Duration.ZERO) > 0,
          "OutlierDetection.maxEjectionTime must be > 0 but was %s",
          value);
      this.maxEjectionTime = value;
      return this;
    }

    /** Largest share of backends ejected at once, in (0, 100]. */
    public Builder maxEjectionPercent(double value) {
      checkArgument(
          value > 0 && value <= 100,
          "OutlierDetection.maxEjectionPercent must be in (0, 100] but was %s",
          value);
      this.maxEjectionPercent = value;
      return this;
    }

    /** Share of healthy backends below which all are used, in [0, 100]; 0 turns panic off. */
    public Builder panicThresholdPercent(double value) {
      checkArgument(
          value >= 0 && value <= 100,
          "OutlierDetection.panicThresholdPercent must be in [0, 100] but was %s",
          value);
      this.panicThresholdPercent = value;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException if the maximum ejection time is below the base time
     */
    public OutlierDetection build() {
      checkArgument(
          maxEjectionTime.compareTo(baseEjectionTime) >= 0,
          "OutlierDetection.maxEjectionTime must be >= baseEjectionTime (%s) but was %s",
          baseEjectionTime,
          maxEjectionTime);
      return new OutlierDetection(this, true);
    }
  }
}
