package io.github.fulcrumlb.api;

/**
 * One sample of a backend host's resource usage, as a {@link MetricsSource} measured it: the
 * signals the Python prototype balanced on (CPU, memory, network in and out), stamped with the
 * wall-clock time the sample was taken so that consumers can tell how stale it is.
 *
 * <pre>{@code
 * HostMetrics m = new HostMetrics(0.42, 0.61, 1.2e6, 0.8e6, System.currentTimeMillis());
 * }</pre>
 *
 * @param cpu fraction of the host's CPU in use, in [0, 1] (Telegraf: 1 - usage_idle/100)
 * @param memory fraction of the host's memory in use, in [0, 1] (Telegraf: used_percent/100)
 * @param networkInBytesPerSecond bytes received per second, finite and {@code >= 0}
 * @param networkOutBytesPerSecond bytes sent per second, finite and {@code >= 0}
 * @param sampledAtMillis when the sample was taken, milliseconds since the epoch, {@code >= 0}
 */
public record HostMetrics(
    double cpu,
    double memory,
    double networkInBytesPerSecond,
    double networkOutBytesPerSecond,
    long sampledAtMillis) {

  /** Validates every field; see the parameter documentation for the accepted ranges. */
  public HostMetrics {
    Checks.fraction("HostMetrics.cpu", cpu);
    Checks.fraction("HostMetrics.memory", memory);
    Checks.nonNegativeFinite("HostMetrics.networkInBytesPerSecond", networkInBytesPerSecond);
    Checks.nonNegativeFinite("HostMetrics.networkOutBytesPerSecond", networkOutBytesPerSecond);
    Checks.inRange("HostMetrics.sampledAtMillis", sampledAtMillis, 0, Long.MAX_VALUE);
  }

  /** Age of this sample at {@code nowMillis}, never negative (clock skew counts as fresh). */
  public long ageMillis(long nowMillis) {
    return Math.max(0, nowMillis - sampledAtMillis);
  }
}
