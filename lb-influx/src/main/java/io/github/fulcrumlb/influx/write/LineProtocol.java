package io.github.fulcrumlb.influx.write;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Locale;
import java.util.Map;

/**
 * Escaping for InfluxDB line protocol, the one place it is done, checked against a real influxd
 * 1.6.7. Whatever the text, a point either becomes one line that the server stores with exactly
 * that text, or is refused here with an {@link IllegalArgumentException} naming the part and the
 * value &mdash; never a line that makes the server reject it.
 *
 * <ul>
 *   <li>Measurement: {@code ,} and space are escaped with a backslash.
 *   <li>Tag keys, tag values, field keys: {@code ,}, {@code =} and space are escaped with a
 *       backslash; any other backslash is kept as it is (1.x stores {@code a\b} as {@code a\b}).
 *   <li>String field values: in double quotes, {@code "} and {@code \} escaped.
 *   <li>Refused: an empty name or tag value; a line feed in a name or tag value (it ends the line);
 *       a name or tag value ending in a backslash (1.x reads it as escaping the separator that
 *       follows, and has no escape for a final backslash); a non-finite number (NaN and infinity
 *       have no line-protocol form).
 * </ul>
 *
 * <pre>{@code
 * String line = LineProtocol.line("deploys", Map.of("service", "api, v2"), Map.of("count", 1L),
 *     1_767_225_600_000L); // deploys,service=api\,\ v2 count=1i 1767225600000
 * }</pre>
 */
public final class LineProtocol {
  private LineProtocol() {}

  /**
   * One line: measurement, tags in the given order, fields, time in milliseconds (send with
   * {@code precision=ms}).
   *
   * @throws IllegalArgumentException naming the part and value that line protocol cannot carry, or
   *     if there is no field
   */
  public static String line(String measurement, Map<String, String> tags,
      Map<String, ?> fields, long timeMillis) {
    checkArgument(!fields.isEmpty(), "a point needs at least one field");
    StringBuilder b = new StringBuilder(64);
    appendEscaped(b, "measurement", measurement, false);
    for (Map.Entry<String, String> t : tags.entrySet()) {
      b.append(',');
      appendEscaped(b, "tag key", t.getKey(), true);
      b.append('=');
      appendEscaped(b, "tag value of " + t.getKey(), t.getValue(), true);
    }
    char separator = ' ';
    for (Map.Entry<String, ?> f : fields.entrySet()) {
      b.append(separator);
      separator = ',';
      appendEscaped(b, "field key", f.getKey(), true);
      b.append('=');
      appendFieldValue(b, f.getKey(), f.getValue());
    }
    return b.append(' ').append(timeMillis).toString();
  }

  /** A measurement name, escaped. */
  public static String measurement(String name) {
    return appendEscaped(new StringBuilder(), "measurement", name, false).toString();
  }

  /** A tag key, tag value or field key, escaped. */
  public static String key(String text) {
    return appendEscaped(new StringBuilder(), "tag or field", text, true).toString();
  }

  /** A string field value, quoted and escaped; any text can be one. */
  public static String stringValue(String value) {
    checkNotNull(value, "line protocol string value must not be null");
    StringBuilder b = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }

  private static StringBuilder appendEscaped(
      StringBuilder b, String part, String text, boolean escapeEquals) {
    checkArgument(text != null && !text.isEmpty(), "line protocol %s must not be empty", part);
    checkArgument(text.indexOf('\n') < 0,
        "line protocol %s %s has a line feed, which ends a line: remove it", part, shown(text));
    checkArgument(text.charAt(text.length() - 1) != '\\',
        "line protocol %s %s ends in a backslash, which InfluxDB 1.x cannot store (it escapes the"
            + " separator after it): remove or replace the final backslash", part, shown(text));
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == ' ' || (escapeEquals && c == '=')) {
        b.append('\\');
      }
      b.append(c);
    }
    return b;
  }

  private static void appendFieldValue(StringBuilder b, String key, Object value) {
    checkNotNull(value, "line protocol field %s must not be null", key);
    if (value instanceof String s) {
      b.append(stringValue(s));
    } else if (value instanceof Boolean bool) {
      b.append(bool ? "true" : "false");
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      b.append(((Number) value).longValue()).append('i');
    } else if (value instanceof Number n) {
      double d = n.doubleValue();
      checkArgument(Double.isFinite(d),
          "line protocol field %s is %s, which line protocol cannot carry: send a finite number",
          key, d);
      b.append(Double.toString(d).toLowerCase(Locale.ROOT)); // 10.0, 1.0e-5: Go reads both
    } else {
      throw new IllegalArgumentException("line protocol field " + key + " has unsupported type "
          + value.getClass().getName() + ": use a number, boolean or string");
    }
  }

  /** The text with line breaks visible, cut to a readable length. */
  static String shown(String text) {
    String t = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return '"' + t.replace("\n", "\\n").replace("\r", "\\r") + '"';
  }
}
