package io.github.fulcrumlb.influx.query;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Escaping for InfluxQL text, the one place it is done: whatever a host is called, it stays a
 * string literal, and a configured measurement, field or tag name stays an identifier. A host named
 * {@code a' OR 1=1 --} becomes {@code 'a\' OR 1=1 --'}, one literal.
 *
 * <p>InfluxQL's scanner reads a carriage return as a line break, and has no escape for it, so no
 * string literal or identifier can hold one: {@link #string} and {@link #identifier} reject it, and
 * {@link #tagEquals} matches such a tag value with an anchored regular expression instead (where
 * {@code \r} is an escape), so that one odd host cannot turn the whole query into an HTTP 400.
 *
 * <pre>{@code
 * String where = InfluxQl.tagEquals("host", hostName); // "host" = 'node-5'
 * }</pre>
 */
public final class InfluxQl {
  private static final String REGEX_SPECIAL = "\\.+*?()|[]{}^$/";

  private InfluxQl() {}

  /**
   * A double-quoted identifier; {@code "}, {@code \} and line feeds are escaped.
   *
   * @throws IllegalArgumentException if {@code name} is empty or has a carriage return
   */
  public static String identifier(String name) {
    checkNotNull(name, "InfluxQL identifier must not be null");
    checkArgument(!name.isEmpty(), "InfluxQL identifier must not be empty");
    StringBuilder b = new StringBuilder(name.length() + 2).append('"');
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      checkArgument(
          c != '\r',
          "InfluxQL identifier %s has a carriage return, which InfluxQL"
              + " cannot express: rename it",
          name.replace("\r", "\\r"));
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /**
   * A single-quoted string literal; {@code \}, {@code '} and line feeds are escaped.
   *
   * @throws IllegalArgumentException if {@code value} has a carriage return (see {@link
   *     #tagEquals}, which can match one)
   */
  public static String string(String value) {
    checkNotNull(value, "InfluxQL string must not be null");
    StringBuilder b = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\'' -> b.append("\\'");
        case '\n' -> b.append("\\n");
        case '\r' ->
            throw new IllegalArgumentException(
                "InfluxQL string literal "
                    + value.replace("\r", "\\r")
                    + " has a carriage return, which InfluxQL cannot"
                    + " express in a literal: match it with InfluxQl.tagEquals");
        default -> b.append(c);
      }
    }
    return b.append('\'').toString();
  }

  /**
   * A condition that tag {@code tag} equals {@code value} exactly: {@code "tag" = 'value'}, or, for
   * a value with a carriage return, {@code "tag" =~ /^value$/} with every regular-expression
   * character escaped.
   *
   * @throws IllegalArgumentException if {@code tag} is not a valid identifier
   */
  public static String tagEquals(String tag, String value) {
    checkNotNull(value, "InfluxQL tag value must not be null");
    if (value.indexOf('\r') < 0) {
      return identifier(tag) + " = " + string(value);
    }
    StringBuilder b =
        new StringBuilder(value.length() + 8).append(identifier(tag)).append(" =~ /^");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r') {
        b.append("\\r");
      } else if (c == '\n') {
        b.append("\\n");
      } else {
        if (REGEX_SPECIAL.indexOf(c) >= 0) {
          b.append('\\');
        }
        b.append(c);
      }
    }
    return b.append("$/").toString();
  }
}
