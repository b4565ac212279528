package io.github.fulcrumlb.influx.write;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point for {@link LineProtocolWriter}: a measurement, tags, fields and a time in milliseconds,
 * formatted by {@link LineProtocol} (the one escaping function for line protocol). Not thread-safe;
 * build it, then offer it.
 *
 * <pre>{@code
 * writer.offer(LinePoint.measurement("deploys").tag("service", "api").field("count", 1L)
 *     .timeMillis(System.currentTimeMillis()));
 * }</pre>
 */
public final class LinePoint {
  private final String measurement;
  private final Map<String, String> tags = new LinkedHashMap<>();
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private long timeMillis = Long.MIN_VALUE;

  private LinePoint(String measurement) {
    this.measurement = checkNotNull(measurement, "measurement");
  }

  /** A point of this measurement. */
  public static LinePoint measurement(String name) {
    return new LinePoint(name);
  }

  /** Adds or replaces a tag. */
  public LinePoint tag(String key, String value) {
    tags.put(checkNotNull(key, "tag key"), checkNotNull(value, "tag value of %s", key));
    return this;
  }

  /** Adds or replaces a float field. */
  public LinePoint field(String key, double value) {
    fields.put(checkNotNull(key, "field key"), value);
    return this;
  }

  /** Adds or replaces an integer field. */
  public LinePoint field(String key, long value) {
    fields.put(checkNotNull(key, "field key"), value);
    return this;
  }

  /** Adds or replaces a boolean field. */
  public LinePoint field(String key, boolean value) {
    fields.put(checkNotNull(key, "field key"), value);
    return this;
  }

  /** Adds or replaces a string field. */
  public LinePoint field(String key, String value) {
    fields.put(checkNotNull(key, "field key"), checkNotNull(value, "field %s", key));
    return this;
  }

  /** Sets the time, milliseconds since the epoch. */
  public LinePoint timeMillis(long value) {
    this.timeMillis = value;
    return this;
  }

  /** Whether it has a field (a point without one cannot be written). */
  public boolean hasFields() {
    return !fields.isEmpty();
  }

  /** Whether a time was set. */
  public boolean hasTime() {
    return timeMillis != Long.MIN_VALUE;
  }

  /**
   * The line.
   *
   * @throws IllegalArgumentException if line protocol cannot carry a part (see {@link
   *     LineProtocol})
   */
  public String toLine() {
    return LineProtocol.line(measurement, tags, fields, timeMillis);
  }

  @Override
  public String toString() {
    return "LinePoint{"
        + measurement
        + ", tags="
        + tags
        + ", fields="
        + fields
        + ", time="
        + timeMillis
        + '}';
  }
}
