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
 *   <li>Measurement and field keys: {@code ,}, {@code =}, space and {@code "} are escaped with a
 *       backslash (1.x unescapes all four there).
 *   <li>Tag keys and tag values: {@code ,}, {@code =} and space are escaped (1.x keeps a {@code \"}
 *       in a tag as it is).
 *   <li>Any other backslash is kept as it is: 1.x stores {@code a\b} as {@code a\b}, and a
 *       backslash before an escaped character survives too ({@code a\\,} reads back as {@code
 *       a\,}).
 *   <li>String field values: in double quotes, {@code "} and {@code \} escaped.
 *   <li>Refused: a backslash right before {@code ,}, {@code =}, space or {@code "} in a measurement
 *       or field key (1.6.7 lists such a measurement but no query finds it); an empty name or tag
 *       value; a line feed in a name or tag value (it ends the line); a name or tag value ending in
 *       a backslash (1.x reads it as escaping the separator that follows, and has no escape for a
 *       final backslash); a non-finite number (NaN and infinity have no line-protocol form).
 * </ul>
 *
 * <pre>{@code
 * String line = LineProtocol.line("deploys", Map.of("service", "api, v2"), Map.of("count", 1L),
 *     1_767_225_600_000L); // deploys,service=api\,\ v2 count=1i 1767225600000
 * }</pre>
 */
public final class LineProtocol {
  /** Characters 1.x unescapes in measurements and field keys. */
  private static final String NAME_CODES = ", =\"";

  /** Characters 1.x unescapes in tag keys and tag values. */
  private static final String TAG_CODES = ", =";

  private LineProtocol() {}

  /**
   * One line: measurement, tags in the given order, fields, time in milliseconds (send with {@code
   * precision=ms}).
   *
   * @throws IllegalArgumentException naming the part and value that line protocol cannot carry, or
   *     if there is no field
   */
  public static String line(
      String measurement, Map<String, String> tags, Map<String, ?> fields, long timeMillis) {
    checkArgument(!fields.isEmpty(), "a point needs at least one field");
    StringBuilder b = new StringBuilder(64);
    appendEscaped(b, "measurement", measurement, NAME_CODES);
    for (Map.Entry<String, String> t : tags.entrySet()) {
      b.append(',');
      appendEscaped(b, "tag key", t.getKey(), TAG_CODES);
      b.append('=');
      appendEscaped(b, "tag value of " + t.getKey(), t.getValue(), TAG_CODES);
    }
    char separator = ' ';
    for (Map.Entry<String, ?> f : fields.entrySet()) {
      b.append(separator);
      separator = ',';
      appendEscaped(b, "field key", f.getKey(), NAME_CODES);
      b.append('=');
      appendFieldValue(b, f.getKey(), f.getValue());
    }
    return b.append(' ').append(timeMillis).toString();
  }

  /** A measurement name or field key, escaped. */
  public static String name(String name) {
    return appendEscaped(new StringBuilder(), "measurement or field key", name, NAME_CODES)
        .toString();
  }

  /** A tag key or tag value, escaped. */
  public static String tag(String text) {
    return appendEscaped(new StringBuilder(), "tag", text, TAG_CODES).toString();
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
      StringBuilder b, String part, String text, String codes) {
    checkArgument(text != null && !text.isEmpty(), "line protocol %s must not be empty", part);
    checkArgument(
        text.indexOf('\n') < 0,
        "line protocol %s %s has a line feed, which ends a line: remove it",
        part,
        shown(text));
    checkArgument(
        text.charAt(text.length() - 1) != '\\',
        "line protocol %s %s ends in a backslash, which InfluxDB 1.x cannot store (it escapes the"
            + " separator after it): remove or replace the final backslash",
        part,
        shown(text));
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && codes.equals(NAME_CODES) && NAME_CODES.indexOf(text.charAt(i + 1)) >= 0) {
        throw new IllegalArgumentException(
            "line protocol "
                + part
                + " "
                + shown(text)
                + " has a backslash before '"
                + text.charAt(i + 1)
                + "', which InfluxDB 1.x does not"
                + " store readably in a measurement or field name: remove the backslash");
      }
      if (codes.indexOf(c) >= 0) {
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
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      b.append(((Number) value).longValue()).append('i');
    } else if (value instanceof Number n) {
      double d = n.doubleValue();
      checkArgument(
          Double.isFinite(d),
          "line protocol field %s is %s, which line protocol cannot carry: send a finite number",
          key,
          d);
      b.append(Double.toString(d).toLowerCase(Locale.ROOT)); // 10.0, 1.0e-5: Go reads both
    } else {
      throw new IllegalArgumentException(
          "line protocol field "
              + key
              + " has unsupported type "
              + value.getClass().getName()
              + ": use a number, boolean or string");
    }
  }

  /** The text with line breaks visible, cut to a readable length. */
  static String shown(String text) {
    String t = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return '"' + t.replace("\n", "\\n").replace("\r", "\\r") + '"';
  }
}
