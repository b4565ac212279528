package io.github.fulcrumlb.sim.report;

import java.util.StringJoiner;

/**
 * Renders a {@link ScenarioReport} as CSV: one row per strategy and the clairvoyant row, with
 * {@code share_<id>} and {@code utilisation_<id>} columns per backend. With a report window, six
 * more columns at the very end (so that the positions of the others never change): {@code
 * window_from_s}, {@code window_mean_ms}, {@code window_p99_ms}, {@code window_p999_ms}, {@code
 * window_p99_ratio} and {@code adapted_after_s} (empty when the strategy never settled).
 */
final class CsvReport {
  private CsvReport() {}

  static String render(ScenarioReport report) {
    StringBuilder out = new StringBuilder();
    StringJoiner header = new StringJoiner(",");
    for (String h :
        new String[] {
          "scenario", "seed", "strategy", "requests", "ok", "timeouts", "drops", "failures",
          "mean_ms", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "mean_ratio", "p99_ratio",
          "throughput_per_s", "mean_in_system"
        }) {
      header.add(h);
    }
    for (BackendResult b : report.clairvoyant().backends()) {
      header.add("share_" + b.id());
    }
    for (BackendResult b : report.clairvoyant().backends()) {
      header.add("utilisation_" + b.id());
    }
    boolean window = report.clairvoyant().window() != null;
    if (window) {
      for (String h :
          new String[] {
            "window_from_s",
            "window_mean_ms",
            "window_p99_ms",
            "window_p999_ms",
            "window_p99_ratio",
            "adapted_after_s"
          }) {
        header.add(h);
      }
    }
    out.append(header).append('\n');
    for (RunResult r : report.allRows()) {
      StringJoiner line = new StringJoiner(",");
      line.add(quote(report.scenario().name()))
          .add(Long.toString(report.scenario().seed()))
          .add(quote(r.strategy()))
          .add(Long.toString(r.requests()))
          .add(Long.toString(r.ok()))
          .add(Long.toString(r.timeouts()))
          .add(Long.toString(r.drops()))
          .add(Long.toString(r.failures()))
          .add(Numbers.exact(r.meanMillis()))
          .add(Numbers.exact(r.p50Millis()))
          .add(Numbers.exact(r.p90Millis()))
          .add(Numbers.exact(r.p99Millis()))
          .add(Numbers.exact(r.p999Millis()))
          .add(Numbers.exact(r.maxMillis()))
          .add(Numbers.exact(report.meanRatio(r)))
          .add(Numbers.exact(report.p99Ratio(r)))
          .add(Numbers.exact(r.throughputPerSecond()))
          .add(Numbers.exact(r.meanInSystem()));
      for (BackendResult b : r.backends()) {
        line.add(Numbers.exact(b.share()));
      }
      for (BackendResult b : r.backends()) {
        line.add(Numbers.exact(b.utilisation()));
      }
      if (window) {
        WindowResult w = r.window();
        line.add(Numbers.exact(w.fromSeconds()))
            .add(Numbers.exact(w.meanMillis()))
            .add(Numbers.exact(w.p99Millis()))
            .add(Numbers.exact(w.p999Millis()))
            .add(Numbers.exact(report.windowP99Ratio(r)))
            .add(
                Double.isNaN(w.adaptedAfterSeconds())
                    ? ""
                    : Numbers.exact(w.adaptedAfterSeconds()));
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static String quote(String s) {
    return s.matches("[A-Za-z0-9._-]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
  }
}
