package io.github.fulcrumlb.influx.query;

/**
 * One value read from InfluxDB with the time it was measured.
 *
 * <pre>{@code
 * Reading cpu = new Reading(0.42, 1_767_225_600_000L); // 42 % busy at that instant
 * }</pre>
 *
 * @param value the value (a fraction for CPU and memory, bytes per second for network)
 * @param timeMillis when it was measured, milliseconds since the epoch
 */
public record Reading(double value, long timeMillis) {}
