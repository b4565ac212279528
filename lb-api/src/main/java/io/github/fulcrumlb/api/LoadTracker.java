package io.github.fulcrumlb.api;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live, lock-free counters for one backend, as observed by the balancer that sends to it: requests
 * in flight, latency moving averages, failure rate, and consecutive failures.
 *
 * <p>The balancer (or any code driving a {@link Strategy} directly) calls {@link #requestStarted()}
 * when it sends a request and exactly one of {@link #requestFinished} or {@link
 * #requestCancelled()} when the request ends. Strategies read the counters at pick time; every read
 * and update is allocation-free and wait-free or lock-free.
 *
 * <p>The moving averages decay with time, not with request count: an observation made {@code dt}
 * after the previous one is blended with weight {@code 1 - exp(-dt / decay)}; the first observation
 * sets them outright. The peak-sensitive average ({@link #peakLatencyNanos()}) jumps straight to
 * any larger observation and decays slowly, as Finagle's and Linkerd's peak EWMA do; {@link
 * #decay(long)} lets an idle backend's peak fade so that it is tried again.
 *
 * <pre>{@code
 * LoadTracker load = new LoadTracker(TimeUnit.SECONDS.toNanos(10), System.nanoTime());
 * load.requestStarted();
 * load.requestFinished(2_000_000, true, System.nanoTime()); // 2 ms, succeeded
 * }</pre>
 */
public final class LoadTracker {

  /** Default decay time of the moving averages: 10 seconds, Finagle's default. */
  public static final long DEFAULT_DECAY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final double decayNanos;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong lastObservedNanos;

  /** Last time the peak was updated, by an observation or by {@link #decay}. */
  private final AtomicLong lastPeakNanos;

  private final AtomicLong latencyEwmaBits = new AtomicLong(Double.doubleToRawLongBits(0.0));
  private final AtomicLong peakLatencyBits = new AtomicLong(Double.doubleToRawLongBits(0.0));
  private final AtomicLong errorRateBits = new AtomicLong(Double.doubleToRawLongBits(0.0));

  /**
   * @param decayNanos time constant of the moving averages, {@code > 0}
   * @param nowNanos the current {@link TimeSource#nanoTime()}, the start of the first interval
   */
  public LoadTracker(long decayNanos, long nowNanos) {
    Checks.inRange("LoadTracker.decayNanos", decayNanos, 1, Long.MAX_VALUE);
    this.decayNanos = decayNanos;
    this.lastObservedNanos = new AtomicLong(nowNanos);
    this.lastPeakNanos = new AtomicLong(nowNanos);
  }

  /** A tracker with the {@linkplain #DEFAULT_DECAY_NANOS default decay}, starting now. */
  public LoadTracker() {
    this(DEFAULT_DECAY_NANOS, System.nanoTime());
  }

  /** Counts a request as sent. */
  public void requestStarted() {
    inFlight.incrementAndGet();
  }

  /**
   * Counts a request as ended with an outcome and folds its latency into the moving averages.
   *
   * @param latencyNanos the request's latency, {@code >= 0}
   * @param success whether it succeeded
   * @param nowNanos the current {@link TimeSource#nanoTime()}
   */
  public void requestFinished(long latencyNanos, boolean success, long nowNanos) {
    decrementInFlight();
    double latency = Math.max(0L, latencyNanos);
    long previous = lastObservedNanos.getAndSet(nowNanos);
    long previousPeak = lastPeakNanos.getAndSet(nowNanos);
    // The first observation replaces the initial zeros instead of being averaged with them.
    boolean first = completed.get() == 0;
    double w = first ? 0.0 : retention(nowNanos - previous);
    blend(latencyEwmaBits, latency, w, false);
    // The peak counts time since decay() last faded it, so that no interval is decayed twice.
    blend(peakLatencyBits, latency, first ? 0.0 : retention(nowNanos - previousPeak), true);
    blend(errorRateBits, success ? 0.0 : 1.0, w, false);
    completed.incrementAndGet();
    if (success) {
      if (consecutiveFailures.get() != 0) {
        consecutiveFailures.set(0);
      }
    } else {
      failed.incrementAndGet();
      consecutiveFailures.incrementAndGet();
    }
  }

  /** Counts a request as ended without an outcome (abandoned by the caller): in-flight only. */
  public void requestCancelled() {
    decrementInFlight();
  }

  /**
   * Lets the peak latency fade as if a zero-latency observation were made now (Finagle's behaviour
   * on read). Control-plane code calls this periodically so that a backend which once looked slow
   * and has not been picked since is eventually tried again.
   */
  public void decay(long nowNanos) {
    long previous = lastPeakNanos.getAndSet(nowNanos);
    double w = retention(nowNanos - previous);
    blend(peakLatencyBits, 0.0, w, false);
  }

  /**
   * Starts a new failure streak: {@link #consecutiveFailures()} reads 0 until the next failure.
   * Control-plane code calls this when a backend returns to service after an ejection, so that the
   * failures that got it ejected do not count again.
   */
  public void resetFailureStreak() {
    consecutiveFailures.set(0);
  }

  /** Requests sent and not yet ended. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Time-decayed moving average of latency in nanoseconds; 0 before the first observation. */
  public double latencyEwmaNanos() {
    return Double.longBitsToDouble(latencyEwmaBits.get());
  }

  /** Peak-sensitive moving average of latency in nanoseconds; 0 before the first observation. */
  public double peakLatencyNanos() {
    return Double.longBitsToDouble(peakLatencyBits.get());
  }

  /** Time-decayed moving fraction of requests that failed, in [0, 1]. */
  public double errorRate() {
    return Double.longBitsToDouble(errorRateBits.get());
  }

  /** Failures since the last success. */
  public int consecutiveFailures() {
    return consecutiveFailures.get();
  }

  /** Requests ended with an outcome, since creation. */
  public long completed() {
    return completed.get();
  }

  /** Requests ended with a failure, since creation. */
  public long failed() {
    return failed.get();
  }

  @Override
  public String toString() {
    return "LoadTracker{inFlight="
        + inFlight()
        + ", latencyEwmaNanos="
        + (long) latencyEwmaNanos()
        + ", peakLatencyNanos="
        + (long) peakLatencyNanos()
        + ", errorRate="
        + errorRate()
        + ", consecutiveFailures="
        + consecutiveFailures()
        + '}';
  }

  private void decrementInFlight() {
    // Never below zero, even if a caller ends a request twice.
    int current;
    do {
      current = inFlight.get();
      if (current == 0) {
        return;
      }
    } while (!inFlight.compareAndSet(current, current - 1));
  }

  /** Weight the old average keeps after {@code elapsedNanos}. */
  private double retention(long elapsedNanos) {
    return elapsedNanos <= 0 ? 1.0 : Math.exp(-elapsedNanos / decayNanos);
  }

  private static void blend(AtomicLong bits, double sample, double keep, boolean peak) {
    long currentBits;
    long nextBits;
    do {
      currentBits = bits.get();
      double current = Double.longBitsToDouble(currentBits);
      double next = peak && sample > current ? sample : current * keep + sample * (1.0 - keep);
      nextBits = Double.doubleToRawLongBits(next);
    } while (currentBits != nextBits && !bits.compareAndSet(currentBits, nextBits));
  }
}
