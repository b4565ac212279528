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
   * A latency spike: requests starting service in the window take {@code factor} times longer (GC
   * pauses, a slow disk, throttling).
   *
   * @param backend backend id or {@code "all"}
   * @param atSeconds start, {@code >= 0}
   * @param durationSeconds length, {@code > 0}
   * @param factor service-time multiplier, {@code >= 1}
   */
  record Slowdown(String backend, double atSeconds, double durationSeconds, double factor)
      implements FaultSpec {
    /** Validates every field. */
    public Slowdown {
      FaultSpec.check(backend, atSeconds, durationSeconds);
      if (!(factor >= 1) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("factor must be a finite number >= 1 but was " + factor);
      }
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
