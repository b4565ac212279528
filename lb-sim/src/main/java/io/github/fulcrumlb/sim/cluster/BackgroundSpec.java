package io.github.fulcrumlb.sim.cluster;

import java.util.List;

/**
 * Background load on a backend host: noisy neighbours that steal a fraction of its capacity and
 * show in its CPU metric. A level {@code b} in [0, {@value #MAX_LEVEL}] leaves {@code 1 - b} of the
 * backend's service rate to requests, unless the neighbour has {@link Idle idle priority}: then it
 * shows in the CPU metric the same way but takes nothing from requests. Immutable; a run draws it
 * through a {@link BackgroundLoad}.
 */
public sealed interface BackgroundSpec {

  /** Largest accepted level: a backend always keeps 5% of its capacity. */
  double MAX_LEVEL = 0.95;

  /** No background load. */
  BackgroundSpec NONE = new Constant(0);

  /** A short description such as {@code on-off(0.5, on 30s, off 60s)}. */
  String describe();

  /**
   * A neighbour at idle priority (a batch job under {@code nice 19} or {@code SCHED_IDLE}, a
   * scavenger VM): it soaks up the CPU the service leaves idle, so the host's CPU metric reads
   * busy, but the service preempts it and keeps its whole rate. Host metrics then say the backend
   * is loaded while its latency says it is not.
   *
   * @param load the neighbour's level over time (any kind but another {@code Idle})
   */
  record Idle(BackgroundSpec load) implements BackgroundSpec {
    /** Validates the inner load. */
    public Idle {
      if (load == null || load instanceof Idle) {
        throw new IllegalArgumentException("an idle-priority load wraps a plain one");
      }
    }

    @Override
    public String describe() {
      return "idle " + load.describe();
    }
  }

  /**
   * A fixed level.
   *
   * @param level stolen fraction of capacity
   */
  record Constant(double level) implements BackgroundSpec {
    /** Validates the level. */
    public Constant {
      checkLevel("level", level);
    }

    @Override
    public String describe() {
      return level == 0 ? "none" : "constant(" + level + ")";
    }
  }

  /**
   * A neighbour that switches on and off, for exponentially distributed periods; the first state is
   * drawn from the long-run on/off proportions.
   *
   * @param onLevel level while on
   * @param offLevel level while off
   * @param meanOnSeconds mean length of an on period, {@code > 0}
   * @param meanOffSeconds mean length of an off period, {@code > 0}
   */
  record OnOff(double onLevel, double offLevel, double meanOnSeconds, double meanOffSeconds)
      implements BackgroundSpec {
    /** Validates every field. */
    public OnOff {
      checkLevel("level", onLevel);
      checkLevel("offLevel", offLevel);
      checkPositive("meanOn", meanOnSeconds);
      checkPositive("meanOff", meanOffSeconds);
    }

    @Override
    public String describe() {
      return "on-off("
          + onLevel
          + " on "
          + meanOnSeconds
          + "s, "
          + offLevel
          + " off "
          + meanOffSeconds
          + "s)";
    }
  }

  /**
   * A level that wanders around {@code mean} (an Ornstein-Uhlenbeck process, re-drawn every {@code
   * stepSeconds}, clamped to [0, {@value #MAX_LEVEL}]).
   *
   * @param mean level the process returns to
   * @param volatility standard deviation added per square-root second, {@code >= 0}
   * @param reversionPerSecond speed of return to the mean, {@code >= 0}
   * @param stepSeconds time between changes, {@code > 0}
   */
  record Drift(double mean, double volatility, double reversionPerSecond, double stepSeconds)
      implements BackgroundSpec {
    /** Validates every field. */
    public Drift {
      checkLevel("level", mean);
      if (!(volatility >= 0) || Double.isInfinite(volatility)) {
        throw new IllegalArgumentException("volatility must be >= 0 but was " + volatility);
      }
      if (!(reversionPerSecond >= 0) || Double.isInfinite(reversionPerSecond)) {
        throw new IllegalArgumentException("reversion must be >= 0 but was " + reversionPerSecond);
      }
      checkPositive("step", stepSeconds);
    }

    @Override
    public String describe() {
      return "drift(" + mean + ", volatility " + volatility + ")";
    }
  }

  /**
   * Step changes at given times: {@code initialLevel} until the first step.
   *
   * @param initialLevel level at the start
   * @param steps changes in time order
   */
  record Steps(double initialLevel, List<Step> steps) implements BackgroundSpec {
    /** Validates the level and the order of the steps. */
    public Steps {
      checkLevel("level", initialLevel);
      steps = List.copyOf(steps);
      for (int i = 1; i < steps.size(); i++) {
        if (steps.get(i).atSeconds() < steps.get(i - 1).atSeconds()) {
          throw new IllegalArgumentException("steps must be in time order");
        }
      }
    }

    @Override
    public String describe() {
      return "steps(" + steps.size() + ")";
    }
  }

  /**
   * One step change.
   *
   * @param atSeconds when, simulated seconds, {@code >= 0}
   * @param level the new level
   */
  record Step(double atSeconds, double level) {
    /** Validates both fields. */
    public Step {
      if (!(atSeconds >= 0) || Double.isInfinite(atSeconds)) {
        throw new IllegalArgumentException("at must be >= 0 but was " + atSeconds);
      }
      checkLevel("level", level);
    }
  }

  private static void checkLevel(String field, double level) {
    if (!(level >= 0 && level <= MAX_LEVEL)) {
      throw new IllegalArgumentException(
          field + " must be in [0, " + MAX_LEVEL + "] but was " + level);
    }
  }

  private static void checkPositive(String field, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be a finite number > 0 but was " + value);
    }
  }
}
