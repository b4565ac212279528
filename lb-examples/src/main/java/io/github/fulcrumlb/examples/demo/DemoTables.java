package io.github.fulcrumlb.examples.demo;

import java.util.List;
import java.util.Locale;

/**
 * Plain-text tables of demo results: {@link #summary} for one run, {@link #compare} for several
 * strategies on the same workload.
 *
 * <pre>{@code
 * out.print(DemoTables.summary(result));
 * out.print(DemoTables.compare(results));
 * }</pre>
 */
public final class DemoTables {
  private DemoTables() {}

  /** One run: totals, then a row per backend. */
  public static String summary(DemoResult r) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "summary: %s%s, %.1f s%s: sent %d, replies %d, lost %d (%.2f%%), %.0f replies/s,"
                + " latency mean %s ms, p50 %s ms, p99 %s ms, p99.9 %s ms%n",
            r.strategy(),
            r.mode().isEmpty() ? "" : " [" + r.mode() + "]",
            r.seconds(),
            r.interrupted() ? " (interrupted)" : "",
            r.sent(),
            r.replies(),
            r.lost(),
            r.sent() == 0 ? 0.0 : 100.0 * r.lost() / r.sent(),
            r.throughput(),
            DemoView.millis(r.meanMillis()),
            DemoView.millis(r.percentileMillis(50)),
            DemoView.millis(r.percentileMillis(99)),
            DemoView.millis(r.percentileMillis(99.9))));
    b.append(
        String.format(
            Locale.ROOT,
            "%-10s %-9s %9s %6s %9s %8s %8s %5s%n",
            "backend",
            "capacity",
            "forwarded",
            "share",
            "replies",
            "p50 ms",
            "p99 ms",
            "cpu"));
    for (DemoResult.Backend x : r.backends()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-10s %-9s %9d %5.1f%% %9d %8s %8s %4.0f%%%n",
              x.id(),
              x.capacity(),
              x.forwarded(),
              100 * x.share(),
              x.replies(),
              DemoView.millis(x.percentileMillis(50)),
              DemoView.millis(x.percentileMillis(99)),
              100 * x.cpu()));
    }
    return b.toString();
  }

  /** Several strategies: one row each, with every backend's share. */
  public static String compare(List<DemoResult> results) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-20s %8s %8s %6s %8s %8s %8s %8s %8s  %s%n",
            "strategy",
            "sent",
            "replies",
            "lost",
            "rep/s",
            "mean ms",
            "p50 ms",
            "p99 ms",
            "p99.9 ms",
            "shares"));
    for (DemoResult r : results) {
      StringBuilder shares = new StringBuilder();
      for (DemoResult.Backend x : r.backends()) {
        if (shares.length() > 0) {
          shares.append(' ');
        }
        shares.append(String.format(Locale.ROOT, "%.0f%%", 100 * x.share()));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "%-20s %8d %8d %6d %8.0f %8s %8s %8s %8s  %s%n",
              r.strategy() + (r.mode().startsWith("fallback") ? "*" : ""),
              r.sent(),
              r.replies(),
              r.lost(),
              r.throughput(),
              DemoView.millis(r.meanMillis()),
              DemoView.millis(r.percentileMillis(50)),
              DemoView.millis(r.percentileMillis(99)),
              DemoView.millis(r.percentileMillis(99.9)),
              shares));
    }
    if (results.stream().anyMatch(r -> r.mode().startsWith("fallback"))) {
      b.append("* ended on its fallback (p2c)").append(System.lineSeparator());
    }
    return b.toString();
  }
}
