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

  /**
   * One run: totals, then a row per backend with its share before and after the noisy neighbour
   * started, then a line on how fast traffic left the neighbour's backend.
   */
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
    if (!r.learner().isEmpty()) {
      b.append("learner: ").append(r.learner()).append(System.lineSeparator());
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%-10s %-9s %9s %6s %9s %8s %8s %5s %7s %7s%n",
            "backend",
            "capacity",
            "forwarded",
            "share",
            "replies",
            "p50 ms",
            "p99 ms",
            "cpu",
            "before",
            "after"));
    for (DemoResult.Backend x : r.backends()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-10s %-9s %9d %5.1f%% %9d %8s %8s %4.0f%% %7s %7s%n",
              x.id(),
              x.capacity(),
              x.forwarded(),
              100 * x.share(),
              x.replies(),
              DemoView.millis(x.percentileMillis(50)),
              DemoView.millis(x.percentileMillis(99)),
              100 * x.cpu(),
              DemoView.percent(x.shareBefore()),
              DemoView.percent(x.shareAfter())));
    }
    b.append(neighbourLine(r)).append(System.lineSeparator());
    return b.toString();
  }

  /** How traffic left the neighbour's backend, in one line. */
  static String neighbourLine(DemoResult r) {
    if (r.neighbour() < 0) {
      return "neighbour: none";
    }
    DemoResult.Backend x = r.backends().get(r.neighbour());
    if (Double.isNaN(r.neighbourAtSeconds())) {
      return "neighbour: " + x.id() + " (not started: the run ended first)";
    }
    String shares =
        String.format(
            Locale.ROOT,
            "neighbour: %s from %.1f s; its share %s before," + " %s after",
            x.id(),
            r.neighbourAtSeconds(),
            DemoView.percent(x.shareBefore()),
            DemoView.percent(x.shareAfter()));
    return shares + "; " + toHalf(r, x);
  }

  private static String toHalf(DemoResult r, DemoResult.Backend x) {
    if (Double.isNaN(x.shareBefore()) || x.shareBefore() == 0) {
      return "it had none before";
    }
    String half = DemoView.percent(x.shareBefore() / 2);
    return Double.isNaN(r.secondsToHalf())
        ? "never under half (" + half + ") over a " + windowMillis() + " ms window"
        : String.format(
            Locale.ROOT, "under half (%s) %.2f s after it started", half, r.secondsToHalf());
  }

  private static long windowMillis() {
    return Math.round(ShareShift.WINDOW_SECONDS * 1000);
  }

  /** The neighbour's backend's share before → after, e.g. {@code 25%>8%}; {@code -} if none. */
  private static String shift(DemoResult r) {
    if (r.neighbour() < 0 || Double.isNaN(r.neighbourAtSeconds())) {
      return "-";
    }
    DemoResult.Backend x = r.backends().get(r.neighbour());
    return String.format(Locale.ROOT, "%s>%s", whole(x.shareBefore()), whole(x.shareAfter()));
  }

  private static String whole(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  /** Seconds until the neighbour's backend fell under half its share, or why not. */
  private static String halfTime(DemoResult r) {
    if (r.neighbour() < 0 || Double.isNaN(r.neighbourAtSeconds())) {
      return "-";
    }
    double before = r.backends().get(r.neighbour()).shareBefore();
    if (Double.isNaN(before) || before == 0) {
      return "n/a";
    }
    return Double.isNaN(r.secondsToHalf())
        ? "never"
        : String.format(Locale.ROOT, "%.2f", r.secondsToHalf());
  }

  /**
   * Several strategies: one row each, with the neighbour's backend's share before and after it
   * started ({@code nb share}), the seconds until that backend first got under half its share
   * before ({@code half s}), and every backend's share of the whole run.
   */
  public static String compare(List<DemoResult> results) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-20s %8s %8s %6s %8s %8s %8s %8s %8s %9s %6s  %s%n",
            "strategy",
            "sent",
            "replies",
            "lost",
            "rep/s",
            "mean ms",
            "p50 ms",
            "p99 ms",
            "p99.9 ms",
            "nb share",
            "half s",
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
              "%-20s %8d %8d %6d %8.0f %8s %8s %8s %8s %9s %6s  %s%n",
              r.strategy() + (r.mode().startsWith("fallback") ? "*" : ""),
              r.sent(),
              r.replies(),
              r.lost(),
              r.throughput(),
              DemoView.millis(r.meanMillis()),
              DemoView.millis(r.percentileMillis(50)),
              DemoView.millis(r.percentileMillis(99)),
              DemoView.millis(r.percentileMillis(99.9)),
              shift(r),
              halfTime(r),
              shares));
    }
    if (results.stream().anyMatch(r -> r.mode().startsWith("fallback"))) {
      b.append("* ended on its fallback (p2c)").append(System.lineSeparator());
    }
    results.stream()
        .filter(r -> r.neighbour() >= 0)
        .findFirst()
        .ifPresent(
            r ->
                b.append(
                        "nb share: "
                            + r.backends().get(r.neighbour()).id()
                            + "'s share before > after its noisy neighbour started; half s: seconds"
                            + " until it first got under half of its share before ("
                            + windowMillis()
                            + " ms windows)")
                    .append(System.lineSeparator()));
    return b.toString();
  }
}
