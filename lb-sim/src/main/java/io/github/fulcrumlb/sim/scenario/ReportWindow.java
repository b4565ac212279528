package io.github.fulcrumlb.sim.scenario;

/**
 * The part of a run that reports measure on its own besides the whole run: requests that arrive in
 * {@code [fromSeconds, toSeconds)} of simulated time, typically everything after a change in the
 * cluster. Reports give those requests' latency statistics and each strategy's time to adapt to the
 * change (see {@link io.github.fulcrumlb.sim.report.AdaptationTime}). A scenario declares it with
 * {@code window: {from: 150s}}; {@code fulcrum simulate --window FROM[:TO]} overrides it.
 *
 * <pre>{@code
 * Scenario s = ScenarioLoader.bundled("drift").withWindow(new ReportWindow(200, 280));
 * }</pre>
 *
 * @param fromSeconds start, simulated seconds, {@code >= 0}; {@code NaN} (with {@code toSeconds})
 *     for {@link #NONE}
 * @param toSeconds end (exclusive), {@code > fromSeconds}; infinite for the end of the run
 */
public record ReportWindow(double fromSeconds, double toSeconds) {

  /** No window: reports cover the whole measured run only. */
  public static final ReportWindow NONE = new ReportWindow(Double.NaN, Double.NaN);

  /** Validates both ends (both {@code NaN} is {@link #NONE}). */
  public ReportWindow {
    if (!(Double.isNaN(fromSeconds) && Double.isNaN(toSeconds))) {
      if (!(fromSeconds >= 0) || Double.isInfinite(fromSeconds)) {
        throw new IllegalArgumentException(
            "window from must be a finite time >= 0 but was " + fromSeconds + "s");
      }
      if (!(toSeconds > fromSeconds)) {
        throw new IllegalArgumentException(
            "window to must be later than from (" + fromSeconds + "s) but was " + toSeconds + "s");
      }
    }
  }

  /** A window from {@code fromSeconds} to the end of the run. */
  public static ReportWindow from(double fromSeconds) {
    return new ReportWindow(fromSeconds, Double.POSITIVE_INFINITY);
  }

  /** Whether there is a window (this is not {@link #NONE}). */
  public boolean enabled() {
    return !Double.isNaN(fromSeconds);
  }

  /** {@code from:to} in seconds, {@code from:} for an open end; {@code none} for {@link #NONE}. */
  public String describe() {
    if (!enabled()) {
      return "none";
    }
    return seconds(fromSeconds) + ":" + (Double.isInfinite(toSeconds) ? "" : seconds(toSeconds));
  }

  private static String seconds(double s) {
    return s == Math.rint(s) ? (long) s + "s" : s + "s";
  }
}
