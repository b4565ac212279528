package io.github.fulcrumlb.examples.demo;

import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.influx.feeder.HostUsage;
import io.github.fulcrumlb.influx.feeder.HostUsageProbe;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * lb-influx's {@link HostUsageProbe} over one demo backend, so that a {@code TelegrafFeeder} with
 * {@code host(backendId)} writes that backend's usage in Telegraf's schema, exactly as a Telegraf
 * agent on a host of its own would: {@code cpu usage_idle} from {@link BackendUsageMeter}'s CPU
 * fraction, {@code mem used_percent} from its queue, and {@code net bytes_recv/bytes_sent} counters
 * on interface {@value #INTERFACE}.
 *
 * <pre>{@code
 * TelegrafFeeder.builder(writer).probe(new BackendUsageProbe(backend)).host(backend.id()).build();
 * }</pre>
 */
public final class BackendUsageProbe implements HostUsageProbe {
  /** The network interface name written. */
  public static final String INTERFACE = "demo0";

  private final BackendUsageMeter meter;
  private boolean first = true;

  /** A probe over {@code backend}. */
  public BackendUsageProbe(CpuBoundBackend backend) {
    this.meter = new BackendUsageMeter(backend);
  }

  @Override
  public synchronized HostUsage read() {
    HostMetrics m = meter.read(System.nanoTime(), System.currentTimeMillis());
    CpuBoundBackend b = meter.backend();
    OptionalDouble idle = first ? OptionalDouble.empty() : OptionalDouble.of(100 * (1 - m.cpu()));
    first = false;
    return new HostUsage(
        idle,
        100 * m.memory(),
        Map.of(INTERFACE, new HostUsage.NetworkCounters(b.bytesIn(), b.bytesOut())));
  }

  /** The CPU fraction of the last reading. */
  public double lastCpu() {
    return meter.lastCpu();
  }
}
