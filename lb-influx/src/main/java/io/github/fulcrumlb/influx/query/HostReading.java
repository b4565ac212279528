package io.github.fulcrumlb.influx.query;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * What one refresh found for one {@code host} tag; a signal with no data in the look-back window is
 * {@code null}.
 *
 * <pre>{@code
 * HostReading r = readings.get("node-5");
 * if (r.cpu() != null) {
 *   System.out.println("cpu " + r.cpu().value() + " at " + r.cpu().timeMillis());
 * }
 * }</pre>
 *
 * @param host the host tag
 * @param cpu busy fraction of all CPUs, in [0, 1]
 * @param memory used fraction of memory, in [0, 1]
 * @param networkIn bytes received per second, summed over the chosen interfaces
 * @param networkOut bytes sent per second, summed over the chosen interfaces
 */
public record HostReading(
    String host, Reading cpu, Reading memory, Reading networkIn, Reading networkOut) {

  /** Rejects a null host. */
  public HostReading {
    checkNotNull(host, "HostReading.host must not be null");
  }

  /** A reading with no signal yet. */
  public static HostReading empty(String host) {
    return new HostReading(host, null, null, null, null);
  }
}
