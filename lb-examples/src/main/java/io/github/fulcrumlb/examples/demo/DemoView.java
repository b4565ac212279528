package io.github.fulcrumlb.examples.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's live terminal view: renders a {@link DemoFrame} as a few lines and, on a terminal,
 * redraws them in place with ANSI cursor movement; in plain mode (not a terminal, or {@code
 * --plain}) it prints each frame as new lines, for logs and CI.
 *
 * <pre>{@code
 * DemoView view = new DemoView(out, !plain);
 * view.show(frame);   // every refresh
 * view.finish();      // before the summary
 * }</pre>
 */
public final class DemoView {
  private static final String CLEAR_LINE = "\u001b[K";

  private final PrintWriter out;
  private final boolean ansi;
  private int linesShown;

  /**
   * @param out where to draw
   * @param ansi redraw in place with ANSI escapes; {@code false}: plain lines
   */
  public DemoView(PrintWriter out, boolean ansi) {
    this.out = out;
    this.ansi = ansi;
  }

  /** The lines of a frame, without escapes. */
  public static List<String> render(DemoFrame f) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "fulcrum demo  %-12s %5.1f / %.0f s  sent %d  replies %d%s",
            f.strategy(),
            f.elapsedSeconds(),
            f.totalSeconds(),
            f.sent(),
            f.replies(),
            f.mode().isEmpty() ? "" : "  [" + f.mode() + "]"));
    if (!f.learner().isEmpty()) {
      lines.add("learner: " + f.learner());
    }
    lines.add("metrics: " + f.metrics());
    lines.add(
        String.format(
            Locale.ROOT,
            "%-10s %-9s %6s %6s %6s %7s %8s %8s %8s %5s  %s",
            "backend",
            "capacity",
            "share",
            "before",
            "after",
            "req/s",
            "inflight",
            "p50 ms",
            "p99 ms",
            "cpu",
            ""));
    for (DemoFrame.Row r : f.rows()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%-10s %-9s %5.1f%% %6s %6s %7.0f %8d %8s %8s %5s  %s%s",
              r.id(),
              r.capacity(),
              100 * r.share(),
              percent(r.shareBefore()),
              percent(r.shareAfter()),
              r.perSecond(),
              r.inFlight(),
              millis(r.p50Millis()),
              millis(r.p99Millis()),
              Double.isNaN(r.cpu()) ? "-" : String.format(Locale.ROOT, "%4.0f%%", 100 * r.cpu()),
              bar(r.share()),
              r.neighbour() ? " noisy neighbour" : ""));
    }
    return lines;
  }

  /** Draws a frame: in place of the previous one on a terminal, else below it. */
  public void show(DemoFrame frame) {
    List<String> lines = render(frame);
    StringBuilder b = new StringBuilder();
    if (ansi && linesShown > 0) {
      b.append("\u001b[").append(linesShown).append('A').append('\r');
    }
    for (String line : lines) {
      b.append(line);
      if (ansi) {
        b.append(CLEAR_LINE);
      }
      b.append(System.lineSeparator());
    }
    if (!ansi) {
      b.append(System.lineSeparator());
    }
    out.print(b);
    out.flush();
    linesShown = lines.size();
  }

  /** Ends live drawing: what follows is printed below the last frame. */
  public void finish() {
    linesShown = 0;
    out.flush();
  }

  /** A share as {@code 12.3%}, or {@code -} for NaN. */
  static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  static String millis(double ms) {
    if (Double.isNaN(ms)) {
      return "-";
    }
    return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
  }

  private static String bar(double share) {
    int n = (int) Math.round(Math.max(0, Math.min(1, share)) * 20);
    return "#".repeat(n);
  }
}
