package io.github.fulcrumlb.core.time;

import io.github.fulcrumlb.api.TimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} that moves only when told to: for tests and simulations that must not sleep.
 * Both clocks advance together; thread-safe.
 *
 * <pre>{@code
 * ManualTimeSource time = new ManualTimeSource();
 * LoadBalancer lb = LoadBalancer.builder().time(time)...build();
 * time.advance(Duration.ofSeconds(30));
 * }</pre>
 */
public final class ManualTimeSource implements TimeSource {
  /** Wall-clock start used by {@link #ManualTimeSource()}: 2026-01-01T00:00:00Z. */
  public static final long DEFAULT_START_MILLIS = 1_767_225_600_000L;

  private final AtomicLong nanos = new AtomicLong();
  private final long wallStartMillis;

  /** Starts at nano time 0 and wall time {@link #DEFAULT_START_MILLIS}. */
  public ManualTimeSource() {
    this(DEFAULT_START_MILLIS);
  }

  /** Starts at nano time 0 and the given wall time. */
  public ManualTimeSource(long wallStartMillis) {
    if (wallStartMillis < 0) {
      throw new IllegalArgumentException(
          "ManualTimeSource.wallStartMillis must be >= 0 but was " + wallStartMillis);
    }
    this.wallStartMillis = wallStartMillis;
  }

  /** Moves both clocks forward; a negative amount is rejected. */
  public void advance(Duration amount) {
    advanceNanos(amount.toNanos());
  }

  /** Moves both clocks forward by {@code amountNanos >= 0}. */
  public void advanceNanos(long amountNanos) {
    if (amountNanos < 0) {
      throw new IllegalArgumentException(
          "ManualTimeSource.advance amount must be >= 0 but was " + amountNanos + " ns");
    }
    nanos.addAndGet(amountNanos);
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long currentTimeMillis() {
    return wallStartMillis + nanos.get() / 1_000_000L;
  }

  @Override
  public String toString() {
    return "ManualTimeSource{nanoTime=" + nanoTime() + '}';
  }
}
