package io.github.fulcrumlb.sim.cluster;

/** A scheduled fault. {@code backend} names one backend by id, or {@code "all"}. */
public sealed interface FaultSpec {

  /** The backend id this fault hits, or {@code "all"}. */
  String backend();

  /** When the fault starts, simulated seconds. */
  double atSeconds();

  /** How long it lasts, seconds; infinite means until the end of the run. */
  double durationSeconds();

  /**
   * The backend dies: requests in it fail at once, new ones fail on arrival, host samples stop; it
   * returns empty after {@code durationSeconds}.
   *
   * @param backend backend id or {@code "all"}
   * @param atSeconds start, {@code >= 0}
   * @param durationSeconds length, {@code > 0}
   */
  record Crash(String backend, double atSeconds, double durationSeconds) implements FaultSpec {
    /** Validates every field. */
    public Crash {
      FaultSpec.check(backend, atSeconds, durationSeconds);
    }
  }

  /**
   * A latency spike: requests admitted in the window hold their slot {@code factor} times longer.
   *
   * <p>On CPU (the default: GC pauses, throttling, a slower code path) the extra time is CPU time,
   * so the host CPU metric rises with it. Off CPU ({@code offCpu}: the requests wait on a slow
   * downstream dependency, a lock, a slow disk) the worker thread is blocked, not running: the slot
   * is held just as long, but the CPU metric counts only the request's own service time, so a
   * backend can fall behind while its CPU looks idle.
   *
   * @param backend backend id or {@code "all"}
   * @param atSeconds start, {@code >= 0}
   * @param durationSeconds length, {@code > 0}
   * @param factor service-time multiplier, {@code >= 1}
   * @param offCpu whether the extra time is spent waiting off the CPU
   */
  record Slowdown(
      String backend, double atSeconds, double durationSeconds, double factor, boolean offCpu)
      implements FaultSpec {
    /** Validates every field. */
    public Slowdown {
      FaultSpec.check(backend, atSeconds, durationSeconds);
      if (!(factor >= 1) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("factor must be a finite number >= 1 but was " + factor);
      }
    }

    /** An on-CPU slowdown. */
    public Slowdown(String backend, double atSeconds, double durationSeconds, double factor) {
      this(backend, atSeconds, durationSeconds, factor, false);
    }
  }

  /**
   * A duty-cycle stall: from {@code atSeconds} on, the backend stops for {@code pauseSeconds} at
   * the start of every {@code periodSeconds} (a neighbour that takes the CPU, CPU steal, cgroup
   * throttling). Requests in service make no progress during a pause; the host CPU metric counts
   * the paused time as used. Unlike a slowdown, it delays requests already in the backend.
   *
   * @param backend backend id or {@code "all"}
   * @param atSeconds start of the first pause, {@code >= 0}
   * @param durationSeconds how long the cycle goes on, {@code > 0}; infinite for the whole run
   * @param pauseSeconds length of each pause, at least {@link #MIN_SECONDS}
   * @param periodSeconds time from one pause's start to the next's, at least {@code pauseSeconds +
   *     MIN_SECONDS}
   */
  record Stall(
      String backend,
      double atSeconds,
      double durationSeconds,
      double pauseSeconds,
      double periodSeconds)
      implements FaultSpec {
    /** Shortest pause, and least difference between period and pause: one microsecond. */
    public static final double MIN_SECONDS = 1e-6;

    /** Validates every field. */
    public Stall {
      FaultSpec.check(backend, atSeconds, durationSeconds);
      if (!(pauseSeconds >= MIN_SECONDS) || Double.isInfinite(pauseSeconds)) {
        throw new IllegalArgumentException(
            "pause must be a finite number >= 1us but was " + pauseSeconds + "s");
      }
      if (!(periodSeconds >= pauseSeconds + MIN_SECONDS) || Double.isInfinite(periodSeconds)) {
        throw new IllegalArgumentException(
            "period must be finite and at least 1us longer than pause ("
                + pauseSeconds
                + "s) but was "
                + periodSeconds
                + "s");
      }
    }

    /** The fraction of time stopped while the cycle runs: {@code pause / period}. */
    public double dutyCycle() {
      return pauseSeconds / periodSeconds;
    }
  }

  private static void check(String backend, double at, double duration) {
    if (backend == null || backend.isBlank()) {
      throw new IllegalArgumentException("backend must not be empty");
    }
    if (!(at >= 0) || Double.isInfinite(at)) {
      throw new IllegalArgumentException("at must be >= 0 but was " + at);
    }
    if (!(duration > 0)) {
      throw new IllegalArgumentException("duration must be > 0 but was " + duration);
    }
  }
}
