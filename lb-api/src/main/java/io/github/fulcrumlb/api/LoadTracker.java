package io.github.fulcrumlb.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>All counters live in this one object, between 64 bytes of padding on each side (the class
 * hierarchy above fixes the field order), so that two threads updating two different backends'
 * trackers never write the same cache line: {@code LoadTrackerSharingBenchmark} measures that.
 */
public final class LoadTracker extends LoadTrackerTrailingPadding {

  /** Default decay time of the moving averages: 10 seconds, Finagle's default. */
  public static final long DEFAULT_DECAY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final VarHandle IN_FLIGHT;
  private static final VarHandle CONSECUTIVE_FAILURES;
  private static final VarHandle COMPLETED;
  private static final VarHandle FAILED;
  private static final VarHandle LATENCY_SUM_NANOS;
  private static final VarHandle LAST_OBSERVED_NANOS;
  private static final VarHandle LAST_PEAK_NANOS;
  private static final VarHandle LATENCY_EWMA_BITS;
  private static final VarHandle PEAK_LATENCY_BITS;
  private static final VarHandle ERROR_RATE_BITS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      Class<?> c = LoadTrackerCounters.class;
      IN_FLIGHT = lookup.findVarHandle(c, "inFlight", int.class);
      CONSECUTIVE_FAILURES = lookup.findVarHandle(c, "consecutiveFailures", int.class);
      COMPLETED = lookup.findVarHandle(c, "completed", long.class);
      FAILED = lookup.findVarHandle(c, "failed", long.class);
      LATENCY_SUM_NANOS = lookup.findVarHandle(c, "latencySumNanos", long.class);
      LAST_OBSERVED_NANOS = lookup.findVarHandle(c, "lastObservedNanos", long.class);
      LAST_PEAK_NANOS = lookup.findVarHandle(c, "lastPeakNanos", long.class);
      LATENCY_EWMA_BITS = lookup.findVarHandle(c, "latencyEwmaBits", long.class);
      PEAK_LATENCY_BITS = lookup.findVarHandle(c, "peakLatencyBits", long.class);
      ERROR_RATE_BITS = lookup.findVarHandle(c, "errorRateBits", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final double decayNanos;

  /** Who created this tracker for its own members (a balancer), or null. */
  private final Object owner;

  /**
   * @param decayNanos time constant of the moving averages, {@code > 0}
   * @param nowNanos the current {@link TimeSource#nanoTime()}, the start of the first interval
   */
  public LoadTracker(long decayNanos, long nowNanos) {
    this(decayNanos, nowNanos, null);
  }

  /**
   * A tracker created by {@code owner} (a balancer) for one of its own backends: {@link #ownedBy}
   * then lets the owner tell its own counters from those of an endpoint it never returned, with one
   * comparison.
   *
   * @param decayNanos time constant of the moving averages, {@code > 0}
   * @param nowNanos the current {@link TimeSource#nanoTime()}, the start of the first interval
   * @param owner the creating object, or {@code null}
   */
  public LoadTracker(long decayNanos, long nowNanos, Object owner) {
    Checks.inRange("LoadTracker.decayNanos", decayNanos, 1, Long.MAX_VALUE);
    this.decayNanos = decayNanos;
    this.owner = owner;
    // Published to other threads by the safe publication of the tracker itself (the endpoint).
    this.lastObservedNanos = nowNanos;
    this.lastPeakNanos = nowNanos;
  }

  /** A tracker with the {@linkplain #DEFAULT_DECAY_NANOS default decay}, starting now. */
  public LoadTracker() {
    this(DEFAULT_DECAY_NANOS, System.nanoTime());
  }

  /** Whether {@code candidate} is the (non-null) owner this tracker was created with. */
  public boolean ownedBy(Object candidate) {
    return owner != null && owner == candidate;
  }

  /** Counts a request as sent. */
  public void requestStarted() {
    IN_FLIGHT.getAndAdd(this, 1);
  }

  /**
   * Counts a request as ended with an outcome and folds its latency into the moving averages.
   *
   * @param latencyNanos the request's latency, {@code >= 0}
   * @param success whether it succeeded
   * @param nowNanos the current {@link TimeSource#nanoTime()}
   */
  public void requestFinished(long latencyNanos, boolean success, long nowNanos) {
    endRequest();
    recordOutcome(latencyNanos, success, nowNanos);
  }

  /**
   * Ends one request in flight, if there is one: the guarded half of {@link #requestFinished} and
   * {@link #requestCancelled()}. A balancer that must not let a repeated or stray report move the
   * counters calls this first and {@link #recordOutcome} only when it returns {@code true}.
   * Lock-free and allocation-free.
   *
   * @return whether a request was in flight (and now is not); {@code false} changes nothing
   */
  public boolean endRequest() {
    int current;
    do {
      current = inFlight();
      if (current == 0) {
        return false; // never below zero, even if a caller ends a request twice
      }
    } while (!IN_FLIGHT.compareAndSet(this, current, current - 1));
    return true;
  }

  /**
   * Folds one outcome into the moving averages and counters without touching the in-flight count:
   * the other half of {@link #requestFinished}.
   *
   * @param latencyNanos the request's latency, {@code >= 0}
   * @param success whether it succeeded
   * @param nowNanos the current {@link TimeSource#nanoTime()}
   */
  public void recordOutcome(long latencyNanos, boolean success, long nowNanos) {
    double latency = Math.max(0L, latencyNanos);
    long previous = (long) LAST_OBSERVED_NANOS.getAndSet(this, nowNanos);
    long previousPeak = (long) LAST_PEAK_NANOS.getAndSet(this, nowNanos);
    // The first observation replaces the initial zeros instead of being averaged with them.
    boolean first = completed() == 0;
    double w = first ? 0.0 : retention(nowNanos - previous);
    blend(LATENCY_EWMA_BITS, latency, w, false);
    // The peak counts time since decay() last faded it, so that no interval is decayed twice.
    blend(PEAK_LATENCY_BITS, latency, first ? 0.0 : retention(nowNanos - previousPeak), true);
    blend(ERROR_RATE_BITS, success ? 0.0 : 1.0, w, false);
    LATENCY_SUM_NANOS.getAndAdd(this, (long) latency); // before completed: see latencySumNanos()
    COMPLETED.getAndAdd(this, 1L);
    if (success) {
      if (consecutiveFailures() != 0) {
        CONSECUTIVE_FAILURES.setVolatile(this, 0);
      }
    } else {
      FAILED.getAndAdd(this, 1L);
      CONSECUTIVE_FAILURES.getAndAdd(this, 1);
    }
  }

  /** Counts a request as ended without an outcome (abandoned by the caller): in-flight only. */
  public void requestCancelled() {
    endRequest();
  }

  /**
   * Lets the peak latency fade as if a zero-latency observation were made now (Finagle's behaviour
   * on read). Control-plane code calls this periodically so that a backend which once looked slow
   * and has not been picked since is eventually tried again.
   */
  public void decay(long nowNanos) {
    long previous = (long) LAST_PEAK_NANOS.getAndSet(this, nowNanos);
    double w = retention(nowNanos - previous);
    blend(PEAK_LATENCY_BITS, 0.0, w, false);
  }

  /**
   * Starts a new failure streak: {@link #consecutiveFailures()} reads 0 until the next failure.
   * Control-plane code calls this when a backend returns to service after an ejection, so that the
   * failures that got it ejected do not count again.
   */
  public void resetFailureStreak() {
    CONSECUTIVE_FAILURES.setVolatile(this, 0);
  }

  /** Requests sent and not yet ended. */
  public int inFlight() {
    return (int) IN_FLIGHT.getVolatile(this);
  }

  /** Time-decayed moving average of latency in nanoseconds; 0 before the first observation. */
  public double latencyEwmaNanos() {
    return Double.longBitsToDouble((long) LATENCY_EWMA_BITS.getVolatile(this));
  }

  /** Peak-sensitive moving average of latency in nanoseconds; 0 before the first observation. */
  public double peakLatencyNanos() {
    return Double.longBitsToDouble((long) PEAK_LATENCY_BITS.getVolatile(this));
  }

  /** Time-decayed moving fraction of requests that failed, in [0, 1]. */
  public double errorRate() {
    return Double.longBitsToDouble((long) ERROR_RATE_BITS.getVolatile(this));
  }

  /** Failures since the last success. */
  public int consecutiveFailures() {
    return (int) CONSECUTIVE_FAILURES.getVolatile(this);
  }

  /** Requests ended with an outcome, since creation. */
  public long completed() {
    return (long) COMPLETED.getVolatile(this);
  }

  /**
   * Sum of the latencies of every outcome counted in {@link #completed()}, since creation, in
   * nanoseconds: with {@code completed()}, the mean latency over any interval, as a summary's sum
   * and count give it (read {@code completed()} first; the sum is added before the count, so it
   * then covers at least those outcomes).
   *
   * <pre>{@code
   * long c0 = t.completed(), s0 = t.latencySumNanos();
   * // ... later
   * long c1 = t.completed(), s1 = t.latencySumNanos();
   * double meanNanos = (double) (s1 - s0) / (c1 - c0); // when c1 > c0
   * }</pre>
   */
  public long latencySumNanos() {
    return (long) LATENCY_SUM_NANOS.getVolatile(this);
  }

  /** Requests ended with a failure, since creation. */
  public long failed() {
    return (long) FAILED.getVolatile(this);
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

  /** Weight the old average keeps after {@code elapsedNanos}. */
  private double retention(long elapsedNanos) {
    return elapsedNanos <= 0 ? 1.0 : Math.exp(-elapsedNanos / decayNanos);
  }

  private void blend(VarHandle bits, double sample, double keep, boolean peak) {
    long currentBits;
    long nextBits;
    do {
      currentBits = (long) bits.getVolatile(this);
      double current = Double.longBitsToDouble(currentBits);
      double next = peak && sample > current ? sample : current * keep + sample * (1.0 - keep);
      nextBits = Double.doubleToRawLongBits(next);
    } while (currentBits != nextBits && !bits.compareAndSet(this, currentBits, nextBits));
  }
}

/**
 * 64 bytes before the counters (with the object header, at least one cache line), so that the
 * counters never share a line with whatever was allocated just before the tracker.
 */
@SuppressWarnings("unused") // padding: never read or written
abstract class LoadTrackerLeadingPadding {
  long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** {@link LoadTracker}'s counters, read and written through its {@code VarHandle}s only. */
abstract class LoadTrackerCounters extends LoadTrackerLeadingPadding {
  volatile int inFlight;
  volatile int consecutiveFailures;
  volatile long completed;
  volatile long failed;
  volatile long latencySumNanos;
  volatile long lastObservedNanos;

  /** Last time the peak was updated, by an observation or by {@link LoadTracker#decay}. */
  volatile long lastPeakNanos;

  volatile long latencyEwmaBits; // doubles as raw long bits; 0L is +0.0
  volatile long peakLatencyBits;
  volatile long errorRateBits;
}

/** 64 bytes after the counters, so that what is allocated next never shares their last line. */
@SuppressWarnings("unused") // padding: never read or written
abstract class LoadTrackerTrailingPadding extends LoadTrackerCounters {
  long q01, q02, q03, q04, q05, q06, q07, q08;
}
