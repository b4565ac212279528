package io.github.fulcrumlb.sim.report;

import java.util.Locale;

/** Number formatting shared by the text formats: locale-independent, ~4 significant digits. */
final class Numbers {
  private Numbers() {}

  /** A latency or other positive quantity with about four significant digits. */
  static String compact(double v) {
    if (Double.isInfinite(v)) {
      return "inf";
    }
    double a = Math.abs(v);
    String pattern =
        a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : a >= 1 ? "%.3f" : "%.4f";
    return String.format(Locale.ROOT, pattern, v);
  }

  /** A fraction as a percentage with one decimal. */
  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f", fraction * 100);
  }

  /** A full-precision number for CSV. */
  static String exact(double v) {
    return Double.isFinite(v) ? String.valueOf(v) : v > 0 ? "inf" : "nan";
  }
}
