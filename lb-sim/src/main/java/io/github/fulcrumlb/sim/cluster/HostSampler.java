package io.github.fulcrumlb.sim.cluster;

import io.github.fulcrumlb.api.HostMetrics;
import java.util.SplittableRandom;

/**
 * Takes the periodic host samples a Telegraf agent would report for each backend, averaged over the
 * interval since the previous sample as Telegraf's CPU and network figures are:
 *
 * <ul>
 *   <li>CPU = mean background level {@code b} + {@code (1 - b)} × fraction of slot time spent on
 *       requests' CPU work (time a request holds its slot waiting off the CPU, in an off-CPU
 *       slowdown, does not count); on a stalled backend, the stalled fraction {@code s} of the
 *       interval counts as fully used (the neighbour has the CPU) and the formula above applies to
 *       the rest: {@code s + (1 - s) × (b + (1 - b) × busy / ((1 - s) × slot time))};
 *   <li>memory = the backend's base memory + {@code memoryPerRequest} × requests in it now;
 *   <li>network in/out = departures in the interval × bytes per request / interval.
 * </ul>
 *
 * Dead backends report nothing (their entry is {@code null}). Not thread-safe.
 */
public final class HostSampler {
  private final Server[] servers;
  private final MetricsSpec spec;
  private final double memoryPerRequest;
  private final double bytesIn;
  private final double bytesOut;
  private final SplittableRandom noise;
  private final long[] lastBusy;
  private final double[] lastBackground;
  private final long[] lastDepartures;
  private final long[] lastStalled;
  private long lastTime;

  /**
   * @param servers the backends
   * @param spec sampling period, lag and noise
   * @param memoryPerRequest memory fraction each request in a backend holds
   * @param bytesIn bytes each request sends to its backend
   * @param bytesOut bytes each response sends back
   * @param noise generator of the noise
   */
  public HostSampler(
      Server[] servers,
      MetricsSpec spec,
      double memoryPerRequest,
      double bytesIn,
      double bytesOut,
      SplittableRandom noise) {
    this.servers = servers;
    this.spec = spec;
    this.memoryPerRequest = memoryPerRequest;
    this.bytesIn = bytesIn;
    this.bytesOut = bytesOut;
    this.noise = noise;
    this.lastBusy = new long[servers.length];
    this.lastBackground = new double[servers.length];
    this.lastDepartures = new long[servers.length];
    this.lastStalled = new long[servers.length];
  }

  /** One sample per backend at {@code nowNanos}, stamped {@code wallMillis}; null for dead ones. */
  public HostMetrics[] sample(long nowNanos, long wallMillis) {
    HostMetrics[] out = new HostMetrics[servers.length];
    double interval = Math.max(1, nowNanos - lastTime);
    for (int i = 0; i < servers.length; i++) {
      Server s = servers[i];
      long busy = s.cpuNanosUpTo(nowNanos);
      double bgArea = s.backgroundAreaUpTo(nowNanos);
      long departures = s.departures();
      long stalled = s.stalledNanosUpTo(nowNanos);
      double stalledFraction = Math.min(1, (stalled - lastStalled[i]) / interval);
      double util = (busy - lastBusy[i]) / (interval * s.concurrency());
      double bg = (bgArea - lastBackground[i]) / interval;
      double seconds = interval / 1e9;
      double completions = (departures - lastDepartures[i]) / seconds;
      lastBusy[i] = busy;
      lastBackground[i] = bgArea;
      lastDepartures[i] = departures;
      lastStalled[i] = stalled;
      if (!s.alive()) {
        continue;
      }
      double cpu;
      if (stalledFraction == 0) {
        cpu = bg + (1 - bg) * clamp(util);
      } else {
        double running = 1 - stalledFraction;
        double utilWhileRunning = running <= 0 ? 0 : util / running;
        cpu = stalledFraction + running * (bg + (1 - bg) * clamp(utilWhileRunning));
      }
      double memory = s.spec().memoryBase() + memoryPerRequest * s.inSystem();
      out[i] =
          new HostMetrics(
              clamp(cpu + gaussian()),
              clamp(memory + gaussian()),
              completions * bytesIn * Math.max(0, 1 + gaussian()),
              completions * bytesOut * Math.max(0, 1 + gaussian()),
              wallMillis);
    }
    lastTime = nowNanos;
    return out;
  }

  private double gaussian() {
    if (spec.noise() == 0) {
      return 0;
    }
    double u = 1.0 - noise.nextDouble();
    double v = noise.nextDouble();
    return spec.noise() * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static double clamp(double v) {
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }
}
