package io.github.fulcrumlb.examples.demo;

import io.github.fulcrumlb.api.HostMetrics;

/**
 * Turns one {@link CpuBoundBackend}'s counters into host-metric readings, as Telegraf would report
 * them for a host of its own. The demo's backends share one machine, so the machine's {@code /proc}
 * cannot tell them apart; each reading is derived from what is really measured per backend:
 *
 * <ul>
 *   <li><b>CPU</b> = CPU time of the backend's threads (ThreadMXBean) since the last reading, over
 *       {@code workers ×} the wall time: the share of its cores in use, like Telegraf's {@code cpu}
 *       {@code 1 − usage_idle/100} on a host with that many cores;
 *   <li><b>memory</b> = queued datagrams over the queue's capacity, standing in for {@code mem}
 *       {@code used_percent/100} (a backend's memory grows with its backlog);
 *   <li><b>network</b> = bytes received and sent per second from its socket counters, as the
 *       derivative of {@code net} {@code bytes_recv} and {@code bytes_sent}.
 * </ul>
 *
 * <p>Not thread-safe: one caller takes readings (the metrics schedule).
 *
 * <pre>{@code
 * BackendUsageMeter meter = new BackendUsageMeter(backend);
 * HostMetrics m = meter.read(System.nanoTime(), System.currentTimeMillis());
 * }</pre>
 */
public final class BackendUsageMeter {
  private final CpuBoundBackend backend;
  private long lastNanos;
  private long lastCpu;
  private long lastIn;
  private long lastOut;
  private double lastCpuFraction;

  /** A meter whose first reading covers the time since now. */
  public BackendUsageMeter(CpuBoundBackend backend) {
    this.backend = backend;
    this.lastNanos = System.nanoTime();
    this.lastCpu = backend.cpuNanos();
    this.lastIn = backend.bytesIn();
    this.lastOut = backend.bytesOut();
  }

  /** The backend measured. */
  public CpuBoundBackend backend() {
    return backend;
  }

  /**
   * A reading over the time since the previous one.
   *
   * @param nowNanos {@link System#nanoTime()} now
   * @param nowMillis wall-clock time to stamp the sample with
   */
  public HostMetrics read(long nowNanos, long nowMillis) {
    long cpu = backend.cpuNanos();
    long in = backend.bytesIn();
    long out = backend.bytesOut();
    double seconds = Math.max(1e-3, (nowNanos - lastNanos) / 1e9);
    double cpuFraction = clamp((cpu - lastCpu) / (backend.workers() * seconds * 1e9));
    double memory = clamp(backend.queued() / (double) CpuBoundBackend.QUEUE_CAPACITY);
    HostMetrics m =
        new HostMetrics(
            cpuFraction,
            memory,
            Math.max(0, (in - lastIn) / seconds),
            Math.max(0, (out - lastOut) / seconds),
            nowMillis);
    lastNanos = nowNanos;
    lastCpu = cpu;
    lastIn = in;
    lastOut = out;
    lastCpuFraction = cpuFraction;
    return m;
  }

  /** The CPU fraction of the last reading (0 before the first). */
  public double lastCpu() {
    return lastCpuFraction;
  }

  private static double clamp(double v) {
    return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
  }
}
