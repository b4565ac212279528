package io.github.fulcrumlb.influx.feeder;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * One reading of a host's resource usage, in Telegraf's units.
 *
 * <pre>{@code
 * HostUsage u = probe.read();
 * u.cpuUsageIdle().ifPresent(idle -> System.out.println("idle " + idle + " %"));
 * }</pre>
 *
 * @param cpuUsageIdle percentage of CPU time idle since the previous reading (empty on the first)
 * @param memoryUsedPercent percentage of memory in use (total − available)
 * @param network byte counters per interface since boot
 */
public record HostUsage(
    OptionalDouble cpuUsageIdle, double memoryUsedPercent, Map<String, NetworkCounters> network) {

  /** Copies {@code network}. */
  public HostUsage {
    checkNotNull(cpuUsageIdle, "cpuUsageIdle");
    network = Map.copyOf(network);
  }

  /**
   * Byte counters of one interface.
   *
   * @param bytesReceived received since boot
   * @param bytesSent sent since boot
   */
  public record NetworkCounters(long bytesReceived, long bytesSent) {}
}
