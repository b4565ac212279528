package io.github.fulcrumlb.core.health;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;

/**
 * Warm-up of a backend that joins the cluster or returns from an ejection: its effective weight
 * starts at a minimum share of its configured weight and grows linearly to the full weight over a
 * window, so that a cold cache or JIT is not flooded at once (Envoy's slow start, linear ramp).
 *
 * <p>The weight factor after {@code t} of a window {@code W} is {@code min + (1 - min) × t / W},
 * and 1 from {@code t >= W} on. Backends given to the builder are not warmed up: if all start
 * together, ramping them all would change nothing.
 *
 * <pre>{@code
 * LoadBalancer lb = LoadBalancer.builder()
 *     .backends(list)
 *     .slowStart(SlowStart.over(Duration.ofSeconds(30)))   // from 10 % to 100 % in 30 s
 *     .build();
 * }</pre>
 */
public final class SlowStart {
  /** Default {@link #minWeightPercent()}: 10 %. */
  public static final double DEFAULT_MIN_WEIGHT_PERCENT = 10;

  private static final SlowStart OFF = new SlowStart(0, 100);

  private final long windowNanos;
  private final double minWeightPercent;

  private SlowStart(long windowNanos, double minWeightPercent) {
    this.windowNanos = windowNanos;
    this.minWeightPercent = minWeightPercent;
  }

  /** No warm-up: every backend has its full weight at once. The default. */
  public static SlowStart off() {
    return OFF;
  }

  /**
   * A ramp over {@code window} starting at {@value #DEFAULT_MIN_WEIGHT_PERCENT} % of the weight.
   */
  public static SlowStart over(Duration window) {
    return over(window, DEFAULT_MIN_WEIGHT_PERCENT);
  }

  /**
   * A ramp over {@code window} starting at {@code minWeightPercent} of the weight.
   *
   * @param window length of the ramp, {@code > 0}
   * @param minWeightPercent the share of the weight a backend starts with, in (0, 100]
   */
  public static SlowStart over(Duration window, double minWeightPercent) {
    checkNotNull(window, "SlowStart.window must not be null");
    checkArgument(
        window.compareTo(Duration.ZERO) > 0, "SlowStart.window must be > 0 but was %s", window);
    checkArgument(
        minWeightPercent > 0 && minWeightPercent <= 100,
        "SlowStart.minWeightPercent must be in (0, 100] but was %s",
        minWeightPercent);
    return new SlowStart(window.toNanos(), minWeightPercent);
  }

  /** Whether backends warm up at all. */
  public boolean enabled() {
    return windowNanos > 0;
  }

  /** Length of the ramp; zero when off. */
  public Duration window() {
    return Duration.ofNanos(windowNanos);
  }

  /** The share of its weight a backend starts with, in (0, 100]. */
  public double minWeightPercent() {
    return minWeightPercent;
  }

  /**
   * The factor, in (0, 1], that a backend's configured weight is multiplied by {@code elapsedNanos}
   * after it started warming up.
   */
  public double weightFactor(long elapsedNanos) {
    if (windowNanos == 0 || elapsedNanos >= windowNanos) {
      return 1.0;
    }
    double min = minWeightPercent / 100.0;
    double progress = Math.max(0L, elapsedNanos) / (double) windowNanos;
    return min + (1.0 - min) * progress;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlowStart other
        && windowNanos == other.windowNanos
        && Double.compare(minWeightPercent, other.minWeightPercent) == 0;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(windowNanos) * 31 + Double.hashCode(minWeightPercent);
  }

  @Override
  public String toString() {
    return enabled()
        ? "SlowStart{window=" + window() + ", minWeightPercent=" + minWeightPercent + '}'
        : "SlowStart{off}";
  }
}
