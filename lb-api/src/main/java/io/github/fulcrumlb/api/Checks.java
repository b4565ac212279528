package io.github.fulcrumlb.api;

/** Argument checks whose messages name the offending field and value. Not part of the API. */
final class Checks {
  private Checks() {}

  static String nonBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be empty but was " + quote(value));
    }
    return value;
  }

  static <T> T nonNull(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }

  static double fraction(String field, double value) {
    return inRange(field, value, 0.0, 1.0);
  }

  static double inRange(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) { // also rejects NaN
      throw new IllegalArgumentException(
          field + " must be in [" + min + ", " + max + "] but was " + value);
    }
    return value;
  }

  static long inRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be in [" + min + ", " + max + "] but was " + value);
    }
    return value;
  }

  static double nonNegativeFinite(String field, double value) {
    if (!(value >= 0.0) || Double.isInfinite(value)) { // also rejects NaN
      throw new IllegalArgumentException(field + " must be a finite number >= 0 but was " + value);
    }
    return value;
  }

  static String quote(String value) {
    return value == null ? "null" : '"' + value + '"';
  }
}
