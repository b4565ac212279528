package io.github.fulcrumlb.sim.report;

import java.util.StringJoiner;

/**
 * Renders a {@link ScenarioReport} as CSV: one row per strategy and the clairvoyant row, with
 * {@code share_<id>} and {@code utilisation_<id>} columns per backend.
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
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static String quote(String s) {
    return s.matches("[A-Za-z0-9._-]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
  }
}
