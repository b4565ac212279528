package io.github.fulcrumlb.sim.report;

import io.github.fulcrumlb.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparison of several strategies on one scenario: one {@link RunResult} per strategy and the
 * clairvoyant oracle's, which every row is read against.
 *
 * @param scenario the scenario (with the seed the runs used)
 * @param rows one result per strategy, in the order asked
 * @param clairvoyant the oracle's result
 */
public record ScenarioReport(Scenario scenario, List<RunResult> rows, RunResult clairvoyant) {

  /** Copies the rows. */
  public ScenarioReport {
    rows = List.copyOf(rows);
  }

  /** The strategy rows followed by the clairvoyant row. */
  public List<RunResult> allRows() {
    List<RunResult> all = new ArrayList<>(rows);
    all.add(clairvoyant);
    return all;
  }

  /** {@code row}'s mean latency over the clairvoyant's (1 = as good as the oracle). */
  public double meanRatio(RunResult row) {
    return ratio(row.meanMillis(), clairvoyant.meanMillis());
  }

  /** {@code row}'s 99th percentile over the clairvoyant's. */
  public double p99Ratio(RunResult row) {
    return ratio(row.p99Millis(), clairvoyant.p99Millis());
  }

  /**
   * {@code row}'s 99th percentile in the report window over the clairvoyant's there; {@code NaN}
   * without a window.
   */
  public double windowP99Ratio(RunResult row) {
    if (row.window() == null || clairvoyant.window() == null) {
      return Double.NaN;
    }
    return ratio(row.window().p99Millis(), clairvoyant.window().p99Millis());
  }

  private static double ratio(double value, double bound) {
    return bound > 0 ? value / bound : value == 0 ? 1 : Double.POSITIVE_INFINITY;
  }
}
