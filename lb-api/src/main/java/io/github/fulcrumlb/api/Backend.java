package io.github.fulcrumlb.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A destination requests can be sent to: an immutable, validated value.
 *
 * <p>The {@code id} identifies the backend everywhere (metrics, stats, membership changes); two
 * backends in one cluster never share an id. {@code weight} is the relative share of traffic the
 * backend should receive under weight-aware strategies; {@code metadata} is free-form (zone, rack,
 * Nomad allocation id...).
 *
 * <pre>{@code
 * Backend a = Backend.of("node-5", "192.168.56.5", 9000).withWeight(3);
 * }</pre>
 *
 * @param id unique, non-blank identifier
 * @param host host name or IP address, non-blank
 * @param port port in [0, 65535]; 0 means the backend is not addressed by a port
 * @param weight relative weight in [1, {@value #MAX_WEIGHT}]
 * @param metadata free-form labels, copied and made unmodifiable
 */
public record Backend(String id, String host, int port, int weight, Map<String, String> metadata) {

  /** Largest accepted weight. */
  public static final int MAX_WEIGHT = 1_000_000;

  /** Validates every field; see the class documentation for the accepted ranges. */
  public Backend {
    Checks.nonBlank("Backend.id", id);
    Checks.nonBlank("Backend.host", host);
    Checks.inRange("Backend.port", port, 0, 65_535);
    Checks.inRange("Backend.weight", weight, 1, MAX_WEIGHT);
    Checks.nonNull("Backend.metadata", metadata);
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      Checks.nonBlank("Backend.metadata key", e.getKey());
      Checks.nonNull("Backend.metadata[" + e.getKey() + "]", e.getValue());
    }
    metadata = Map.copyOf(metadata);
  }

  /** A backend of weight 1 with no metadata. */
  public static Backend of(String id, String host, int port) {
    return new Backend(id, host, port, 1, Map.of());
  }

  /**
   * Parses {@code host:port} (or {@code [v6-address]:port}); the id is the text itself.
   *
   * @throws IllegalArgumentException if the text has no port, the port is not a number in range, or
   *     an IPv6 host is not in brackets
   */
  public static Backend parse(String hostPort) {
    Checks.nonBlank("Backend address", hostPort);
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException(
          "Backend address must be host:port but was " + Checks.quote(hostPort));
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0 || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
      throw new IllegalArgumentException(
          "Backend address must be host:port with an IPv6 host in brackets ([::1]:53) but was "
              + Checks.quote(hostPort));
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Backend address port must be a number but was " + Checks.quote(hostPort), e);
    }
    return new Backend(hostPort, host, port, 1, Map.of());
  }

  /** This backend with another weight. */
  public Backend withWeight(int newWeight) {
    return new Backend(id, host, port, newWeight, metadata);
  }

  /** This backend with one more metadata entry (replacing an existing key). */
  public Backend withMetadata(String key, String value) {
    Map<String, String> copy = new TreeMap<>(metadata);
    copy.put(key, value);
    return new Backend(id, host, port, weight, copy);
  }
}
