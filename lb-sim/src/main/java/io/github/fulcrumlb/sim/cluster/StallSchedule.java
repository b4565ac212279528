package io.github.fulcrumlb.sim.cluster;

/**
 * When a stalled backend is stopped: from {@code start}, for {@code pause} at the beginning of
 * every {@code period}, until {@code end}. Times are simulated nanoseconds; a pause that {@code
 * end} cuts short ends there.
 *
 * <p>It turns wall time into <em>available</em> time (wall time less the pauses so far) and back,
 * so that a {@link Server} can place a request's service exactly: a request needing {@code w} of
 * slot time that starts at {@code t} ends at {@code wallAt(availableAt(t) + w)}, making no progress
 * during any pause in between. Immutable; the arithmetic is exact (integer nanoseconds).
 *
 * <pre>{@code
 * // 5 ms of every 10 ms, from 40 s on
 * StallSchedule s = new StallSchedule(40_000_000_000L, Long.MAX_VALUE, 5_000_000, 10_000_000);
 * s.stalledNanosUpTo(40_012_000_000L); // 7_000_000
 * }</pre>
 */
public final class StallSchedule {
  private final long start;
  private final long end;
  private final long pause;
  private final long period;

  /**
   * @param start first pause begins, {@code >= 0}
   * @param end no pause after this; {@link Long#MAX_VALUE} (or anything past the run) for never
   * @param pause length of each pause, {@code > 0}
   * @param period time from one pause's start to the next's, {@code > pause}
   */
  public StallSchedule(long start, long end, long pause, long period) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "stall window must satisfy 0 <= start <= end but was [" + start + ", " + end + "]");
    }
    if (pause <= 0 || period <= pause) {
      throw new IllegalArgumentException(
          "stall must satisfy 0 < pause < period but pause was "
              + pause
              + " ns and period "
              + period
              + " ns");
    }
    this.start = start;
    this.end = Math.min(end, Long.MAX_VALUE / 4); // keeps wallAt's sums clear of overflow
    this.pause = pause;
    this.period = period;
  }

  /** Nanoseconds stalled in [0, t]. */
  public long stalledNanosUpTo(long t) {
    long u = Math.min(t, end) - start;
    if (u <= 0) {
      return 0;
    }
    long cycles = u / period;
    return cycles * pause + Math.min(u - cycles * period, pause);
  }

  /** Available time at wall time {@code t}: {@code t} less the nanoseconds stalled up to it. */
  public long availableAt(long t) {
    return t - stalledNanosUpTo(t);
  }

  /**
   * The earliest wall time at which {@code available} nanoseconds of available time have passed.
   */
  public long wallAt(long available) {
    if (available <= start) {
      return available;
    }
    long since = available - start;
    long work = period - pause;
    long cycles = since / work;
    long rest = since - cycles * work;
    long t = rest == 0 ? start + cycles * period : start + cycles * period + pause + rest;
    if (t > end) {
      t = available + stalledNanosUpTo(end);
    }
    return t;
  }

  /** Whether the backend is stopped at {@code t}. */
  public boolean stalledAt(long t) {
    if (t < start || t >= end) {
      return false;
    }
    return (t - start) % period < pause;
  }

  @Override
  public String toString() {
    return "StallSchedule{"
        + pause
        + " ns every "
        + period
        + " ns in ["
        + start
        + ", "
        + end
        + ")}";
  }
}
