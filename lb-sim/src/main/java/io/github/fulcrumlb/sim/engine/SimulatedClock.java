package io.github.fulcrumlb.sim.engine;

import io.github.fulcrumlb.api.TimeSource;

/**
 * Simulated time as a {@link TimeSource}: the event loop sets it to each event's time before
 * handling the event, and strategies and {@link io.github.fulcrumlb.api.LoadTracker}s read it
 * exactly as they read the system clock in production.
 *
 * <p>{@link #nanoTime()} starts at 0; {@link #currentTimeMillis()} starts at a fixed wall-clock
 * origin so that host-metric sample ages are computed as in production. Plain fields, not
 * thread-safe: a simulation runs on one thread.
 */
public final class SimulatedClock implements TimeSource {
  /** Wall-clock origin of every simulation: 2026-01-01T00:00:00Z. */
  public static final long WALL_ORIGIN_MILLIS = 1_767_225_600_000L;

  private long nanos;

  /** Moves the clock to {@code timeNanos}, which must not be earlier than the current time. */
  public void set(long timeNanos) {
    if (timeNanos < nanos) {
      throw new IllegalStateException(
          "Simulated time must not go back: " + timeNanos + " < " + nanos);
    }
    nanos = timeNanos;
  }

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public long currentTimeMillis() {
    return WALL_ORIGIN_MILLIS + nanos / 1_000_000L;
  }

  @Override
  public String toString() {
    return "SimulatedClock{" + nanos + " ns}";
  }
}
