package io.github.fulcrumlb.influx.query;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Escaping for InfluxQL text: whatever a host is called, it stays a string literal, and a
 * configured measurement, field or tag name stays an identifier. A host named {@code a' OR 1=1 --}
 * becomes {@code 'a\' OR 1=1 --'}, one literal.
 *
 * <pre>{@code
 * String where = InfluxQl.identifier("host") + " = " + InfluxQl.string(hostName);
 * }</pre>
 */
public final class InfluxQl {
  private InfluxQl() {}

  /**
   * A double-quoted identifier. InfluxQL can escape only {@code "} inside one, so names with a
   * backslash or a line break are rejected rather than silently changed.
   *
   * @throws IllegalArgumentException if {@code name} is empty or has a backslash or line break
   */
  public static String identifier(String name) {
    checkNotNull(name, "InfluxQL identifier must not be null");
    checkArgument(!name.isEmpty(), "InfluxQL identifier must not be empty");
    StringBuilder b = new StringBuilder(name.length() + 2).append('"');
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      checkArgument(
          c != '\\' && c != '\n' && c != '\r',
          "InfluxQL identifier must not contain a backslash or line break: %s",
          name);
      if (c == '"') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }

  /** A single-quoted string literal; {@code \}, {@code '} and line breaks are escaped. */
  public static String string(String value) {
    checkNotNull(value, "InfluxQL string must not be null");
    StringBuilder b = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\'' -> b.append("\\'");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('\'').toString();
  }
}
