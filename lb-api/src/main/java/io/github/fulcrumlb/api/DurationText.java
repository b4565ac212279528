package io.github.fulcrumlb.api;

import java.time.Duration;
import java.util.Locale;

/**
 * The one way Fulcrum reads a duration written by a person: {@code 250ms}, {@code 10s}, {@code 2m},
 * {@code 1h}, or ISO-8601 such as {@code PT10S}. A duration is never negative; the error names
 * where the text came from (a strategy option, a command-line flag), the text, and the forms that
 * work.
 *
 * <p>Strategy options ({@link StrategyContext#durationOption}), the command line and config files
 * all parse through here, so {@code 5s} means the same everywhere.
 *
 * <pre>{@code
 * Duration d = DurationText.parse("--reply-timeout", "250ms"); // PT0.25S
 * DurationText.parse("--stats-interval", "-1s"); // IllegalArgumentException naming the flag
 * }</pre>
 */
public final class DurationText {
  /** The forms accepted, for error messages and help texts. */
  public static final String FORMS = "250ms, 10s, 2m, 1h or PT10S";

  private DurationText() {}

  /**
   * Parses {@code text}.
   *
   * @param source what the text is, for the error: an option name ({@code "Option \"decay\""}) or a
   *     flag ({@code "--idle-timeout"})
   * @param text the text; surrounding spaces are ignored
   * @return a duration {@code >= 0}
   * @throws IllegalArgumentException naming {@code source} and {@code text} if it is not a duration
   *     or is negative
   */
  public static Duration parse(String source, String text) {
    Duration value = parseSigned(text);
    if (value == null) {
      throw new IllegalArgumentException(
          source + " must be a duration such as " + FORMS + " but was " + Checks.quote(text));
    }
    if (value.isNegative()) {
      throw new IllegalArgumentException(
          source + " must not be negative but was " + Checks.quote(text) + "; give 0s or more");
    }
    return value;
  }

  /** The duration, possibly negative, or null if the text is not one. */
  private static Duration parseSigned(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return null;
    }
    try {
      if (t.startsWith("p") || t.startsWith("-p") || t.startsWith("+p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      }
      long amount = Long.parseLong(t.substring(0, t.length() - 1).trim());
      switch (t.charAt(t.length() - 1)) {
        case 's':
          return Duration.ofSeconds(amount);
        case 'm':
          return Duration.ofMinutes(amount);
        case 'h':
          return Duration.ofHours(amount);
        default:
          return null;
      }
    } catch (RuntimeException e) { // NumberFormatException, DateTimeParseException, overflow
      return null;
    }
  }
}
