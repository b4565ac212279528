package io.github.fulcrumlb.sim.report;

import io.github.fulcrumlb.sim.cluster.MetricsSpec;
import io.github.fulcrumlb.sim.scenario.Scenario;
import java.util.List;
import java.util.Locale;

/** Renders a {@link ScenarioReport} as aligned text columns. */
final class TableReport {
  /** Above this many backends the per-backend block shows only extremes. */
  private static final int MAX_BACKEND_COLUMNS = 16;

  private TableReport() {}

  static String render(ScenarioReport report) {
    Scenario s = report.scenario();
    StringBuilder out = new StringBuilder();
    out.append("Scenario ")
        .append(s.name())
        .append(" (seed ")
        .append(s.seed())
        .append("): ")
        .append(s.backends().size())
        .append(" backends, ")
        .append(s.arrivals().describe())
        .append(", sizes ")
        .append(s.sizes().describe())
        .append(", load ")
        .append(String.format(Locale.ROOT, "%.2f", s.load()))
        .append(", ")
        .append(s.balancers().count())
        .append(s.balancers().count() == 1 ? " balancer" : " balancers")
        .append(", ")
        .append(metrics(s.metrics()))
        .append('\n');
    out.append(s.requests() - s.warmup())
        .append(" measured requests per row after ")
        .append(s.warmup())
        .append(" warmup; latency in ms; ratios to the clairvoyant row\n\n");

    int nameWidth = "strategy".length();
    for (RunResult r : report.allRows()) {
      nameWidth = Math.max(nameWidth, r.strategy().length());
    }
    String[] headers = {
      "mean", "p50", "p90", "p99", "p99.9", "timeouts", "drops", "failed", "mean/clv", "p99/clv"
    };
    out.append(pad("strategy", nameWidth));
    for (String h : headers) {
      out.append(String.format(Locale.ROOT, " %9s", h));
    }
    out.append('\n');
    for (RunResult r : report.allRows()) {
      out.append(pad(r.strategy(), nameWidth));
      cells(
          out,
          Numbers.compact(r.meanMillis()),
          Numbers.compact(r.p50Millis()),
          Numbers.compact(r.p90Millis()),
          Numbers.compact(r.p99Millis()),
          Numbers.compact(r.p999Millis()),
          Long.toString(r.timeouts()),
          Long.toString(r.drops()),
          Long.toString(r.failures()),
          ratio(report.meanRatio(r)),
          ratio(report.p99Ratio(r)));
      out.append('\n');
    }
    out.append('\n');
    window(out, report, nameWidth);
    backends(out, report, nameWidth);
    return out.toString();
  }

  /** The report window's block: latency of the requests that arrived in it, time to adapt. */
  private static void window(StringBuilder out, ScenarioReport report, int nameWidth) {
    WindowResult c = report.clairvoyant().window();
    if (c == null) {
      return;
    }
    out.append("after the change: requests arriving from ")
        .append(seconds(c.fromSeconds()))
        .append(" to ")
        .append(seconds(Math.round(c.toSeconds() * 10) / 10.0))
        .append("; adapted = seconds until the rolling mean latency (5 s of arrivals) stays within")
        .append(" 1.1 x its level over the window's last quarter\n");
    out.append(pad("strategy", nameWidth));
    cells(out, "mean", "p50", "p99", "p99.9", "p99/clv", "adapted");
    out.append('\n');
    for (RunResult r : report.allRows()) {
      WindowResult w = r.window();
      out.append(pad(r.strategy(), nameWidth));
      cells(
          out,
          Numbers.compact(w.meanMillis()),
          Numbers.compact(w.p50Millis()),
          Numbers.compact(w.p99Millis()),
          Numbers.compact(w.p999Millis()),
          ratio(report.windowP99Ratio(r)),
          Double.isNaN(w.adaptedAfterSeconds()) ? "never" : seconds(w.adaptedAfterSeconds()));
      out.append('\n');
    }
    out.append('\n');
  }

  private static void backends(StringBuilder out, ScenarioReport report, int nameWidth) {
    List<RunResult> rows = report.allRows();
    int n = report.scenario().backends().size();
    if (n > MAX_BACKEND_COLUMNS) {
      out.append("per backend (").append(n).append(" backends; full figures in CSV/JSON)\n");
      out.append(pad("strategy", nameWidth));
      cells(out, "share min", "share max", "util min", "util max");
      out.append('\n');
      for (RunResult r : rows) {
        double smin = 1, smax = 0, umin = 1, umax = 0;
        for (BackendResult b : r.backends()) {
          smin = Math.min(smin, b.share());
          smax = Math.max(smax, b.share());
          umin = Math.min(umin, b.utilisation());
          umax = Math.max(umax, b.utilisation());
        }
        out.append(pad(r.strategy(), nameWidth));
        cells(
            out,
            Numbers.percent(smin),
            Numbers.percent(smax),
            Numbers.percent(umin),
            Numbers.percent(umax));
        out.append('\n');
      }
      return;
    }
    int width = 6;
    for (BackendResult b : rows.get(0).backends()) {
      width = Math.max(width, b.id().length());
    }
    for (boolean share : new boolean[] {true, false}) {
      out.append(share ? "share of requests, % per backend\n" : "utilisation, % per backend\n");
      out.append(pad("strategy", nameWidth));
      for (BackendResult b : rows.get(0).backends()) {
        out.append(' ').append(padLeft(b.id(), width));
      }
      out.append('\n');
      for (RunResult r : rows) {
        out.append(pad(r.strategy(), nameWidth));
        for (BackendResult b : r.backends()) {
          out.append(' ')
              .append(padLeft(Numbers.percent(share ? b.share() : b.utilisation()), width));
        }
        out.append('\n');
      }
      out.append('\n');
    }
  }

  private static String metrics(MetricsSpec m) {
    if (!m.enabled()) {
      return "no host metrics";
    }
    return "host metrics every "
        + seconds(m.periodSeconds())
        + " "
        + seconds(m.lagSeconds())
        + " late"
        + (m.noise() > 0 ? ", noise " + m.noise() : "");
  }

  private static String seconds(double s) {
    return s == Math.rint(s) ? (long) s + "s" : s + "s";
  }

  private static String ratio(double r) {
    return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "inf";
  }

  private static void cells(StringBuilder out, String... values) {
    for (String v : values) {
      out.append(String.format(Locale.ROOT, " %9s", v));
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static String padLeft(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }
}
