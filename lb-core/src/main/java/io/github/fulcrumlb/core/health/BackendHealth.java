package io.github.fulcrumlb.core.health;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.LoadTracker;

/**
 * The passive-health state of one backend: whether it is ejected and until when, how often it was
 * ejected, and since when it is in service (for slow start). Mutable and <b>not</b> thread-safe: it
 * belongs to the balancer's control plane, which changes it through {@link OutlierEjector} and
 * publishes the outcome in immutable snapshots.
 *
 * <pre>{@code
 * BackendHealth health = new BackendHealth(tracker, time.nanoTime(), true);
 * ejector.evaluate(List.of(health), time.nanoTime());
 * double weight = backend.weight() * health.weightFactor(slowStart, time.nanoTime());
 * }</pre>
 */
public final class BackendHealth {
  private final LoadTracker load;
  private boolean ejected;
  private long ejectedUntilNanos;
  private int ejectionCount;
  private int backoffLevel;
  private long inServiceSinceNanos;
  private boolean warmingUp;

  /**
   * @param load the backend's live counters, read for its failure streak
   * @param nowNanos the current {@code TimeSource.nanoTime()}
   * @param warmUp whether the backend starts in slow start
   */
  public BackendHealth(LoadTracker load, long nowNanos, boolean warmUp) {
    this.load = checkNotNull(load, "BackendHealth.load must not be null");
    this.inServiceSinceNanos = nowNanos;
    this.warmingUp = warmUp;
  }

  /** Whether the backend is ejected (its ejection may have ended but not yet been evaluated). */
  public boolean isEjected() {
    return ejected;
  }

  /** When the current ejection ends, in {@code TimeSource.nanoTime()}; meaningful if ejected. */
  public long ejectedUntilNanos() {
    return ejectedUntilNanos;
  }

  /** Ejections since the backend joined. */
  public int ejectionCount() {
    return ejectionCount;
  }

  /**
   * The factor the backend's configured weight is multiplied by now: below 1 while it warms up
   * after joining or returning from an ejection, 1 otherwise.
   */
  public double weightFactor(SlowStart slowStart, long nowNanos) {
    return warmingUp ? slowStart.weightFactor(nowNanos - inServiceSinceNanos) : 1.0;
  }

  /** Failures in a row observed since the backend (re)entered service or last succeeded. */
  int failureStreak() {
    return load.consecutiveFailures();
  }

  void eject(long nowNanos, OutlierDetection config) {
    // Each base ejection time spent in service forgives one earlier ejection.
    long forgiven = (nowNanos - inServiceSinceNanos) / config.baseEjectionNanos();
    backoffLevel = (int) Math.min(Long.SIZE, Math.max(0L, backoffLevel - forgiven) + 1);
    ejectionCount++;
    ejected = true;
    ejectedUntilNanos = nowNanos + config.ejectionNanos(backoffLevel);
    warmingUp = false;
  }

  void returnToService(long nowNanos) {
    ejected = false;
    inServiceSinceNanos = nowNanos;
    warmingUp = true;
    load.resetFailureStreak(); // the failures that got it ejected must not eject it again
  }

  @Override
  public String toString() {
    return "BackendHealth{ejected="
        + ejected
        + ", ejectionCount="
        + ejectionCount
        + ", warmingUp="
        + warmingUp
        + '}';
  }
}
