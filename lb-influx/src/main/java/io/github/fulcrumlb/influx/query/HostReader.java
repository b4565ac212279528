package io.github.fulcrumlb.influx.query;

import java.util.Map;
import java.util.Set;

/**
 * Reads the newest host metrics of many hosts at once: {@link InfluxQlHostReader} over InfluxDB, or
 * a stub in tests.
 *
 * <pre>{@code
 * HostReader reader = hosts -> Map.of("node-5", HostReading.empty("node-5"));
 * }</pre>
 */
@FunctionalInterface
public interface HostReader {
  /**
   * Reads the newest readings of these host tags. May block up to its configured timeout; called
   * from a background thread only.
   *
   * @return one entry per host that had data (hosts without data are absent)
   * @throws Exception when the server cannot be reached or answers something unusable
   */
  Map<String, HostReading> read(Set<String> hosts) throws Exception;
}
