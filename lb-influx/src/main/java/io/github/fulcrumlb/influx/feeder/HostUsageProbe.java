package io.github.fulcrumlb.influx.feeder;

import java.io.IOException;

/**
 * Reads this host's CPU, memory and network usage: {@link ProcfsUsageProbe} on Linux, or a stub.
 *
 * <pre>{@code
 * HostUsageProbe probe = new ProcfsUsageProbe();
 * HostUsage first = probe.read();   // no CPU figure yet: it needs two readings
 * HostUsage second = probe.read();
 * }</pre>
 */
@FunctionalInterface
public interface HostUsageProbe {
  /** Takes a reading; CPU usage is over the time since the previous call. */
  HostUsage read() throws IOException;
}
