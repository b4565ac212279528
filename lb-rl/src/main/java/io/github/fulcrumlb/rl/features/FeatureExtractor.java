package io.github.fulcrumlb.rl.features;

import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Computes the {@link FeatureSchema} features of every backend of a snapshot. Control plane only:
 * it keeps, per backend, the completions it saw at the previous call to estimate throughput, so one
 * instance serves one strategy and is called from one thread at a time.
 *
 * <pre>{@code
 * FeatureExtractor features = new FeatureExtractor(30_000);
 * double[][] x = features.extract(cluster, clock.nanoTime()); // x[i] describes backend i
 * int fresh = features.freshCount();
 * }</pre>
 */
public final class FeatureExtractor {

  /** Time constant of the throughput moving average, seconds. */
  static final double THROUGHPUT_DECAY_SECONDS = 10.0;

  private static final double EPS = 1e-9;

  private final long staleAfterMillis;
  private Map<LoadTracker, Rate> rates = new IdentityHashMap<>();
  private int freshCount;

  /**
   * @param staleAfterMillis host samples older than this count as stale, {@code > 0}
   */
  public FeatureExtractor(long staleAfterMillis) {
    if (staleAfterMillis <= 0) {
      throw new IllegalArgumentException(
          "staleAfterMillis must be > 0 but was " + staleAfterMillis);
    }
    this.staleAfterMillis = staleAfterMillis;
  }

  /** Backends with a fresh host sample at the last {@link #extract} call. */
  public int freshCount() {
    return freshCount;
  }

  /**
   * Features of every backend of {@code cluster}, index-aligned with it.
   *
   * @param nowNanos the strategy clock's {@code nanoTime()}, to estimate throughput
   */
  public double[][] extract(ClusterSnapshot cluster, long nowNanos) {
    int n = cluster.size();
    double[][] x = new double[n][FeatureSchema.size()];
    if (n == 0) {
      freshCount = 0;
      rates = new IdentityHashMap<>();
      return x;
    }
    boolean[] fresh = new boolean[n];
    double[] throughput = new double[n];
    Map<LoadTracker, Rate> nextRates = new IdentityHashMap<>(2 * n);
    int freshN = 0;
    double cpuSum = 0, memSum = 0, netSum = 0, inFlightSum = 0, latSum = 0, weightSum = 0;
    double thrSum = 0;
    int latN = 0;
    for (int i = 0; i < n; i++) {
      Endpoint e = cluster.endpoint(i);
      BackendMetrics m = cluster.metrics(i);
      fresh[i] = m.isFresh(staleAfterMillis);
      if (fresh[i]) {
        freshN++;
        cpuSum += m.cpu();
        memSum += m.memory();
        netSum += m.networkInBytesPerSecond() + m.networkOutBytesPerSecond();
      }
      inFlightSum += m.inFlight();
      if (m.latencyMillis() > 0) {
        latSum += m.latencyMillis();
        latN++;
      }
      weightSum += e.weight();
      Rate r = rates.get(e.load());
      r =
          r == null
              ? new Rate(e.load().completed(), nowNanos)
              : r.advance(e.load().completed(), nowNanos);
      nextRates.put(e.load(), r);
      throughput[i] = r.perSecond;
      thrSum += r.perSecond;
    }
    rates = nextRates;
    freshCount = freshN;
    double cpuMean = freshN == 0 ? 0.5 : cpuSum / freshN;
    double memMean = freshN == 0 ? 0.5 : memSum / freshN;
    double netMean = freshN == 0 ? 0 : netSum / freshN;
    double inFlightMean = inFlightSum / n;
    double latMean = latN == 0 ? 0 : latSum / latN;
    double weightMean = weightSum / n;
    double thrMean = thrSum / n;
    // Little's law per slot: service time ~ busy fraction / throughput; geometric mean over fresh.
    double[] busyPerThroughput = new double[n];
    double logBptSum = 0;
    for (int i = 0; i < n; i++) {
      if (fresh[i]) {
        double thr = Math.max(throughput[i], 0.1 * thrMean + EPS);
        busyPerThroughput[i] = Math.log(Math.max(cluster.metrics(i).cpu(), 0.02) / thr);
        logBptSum += busyPerThroughput[i];
      }
    }
    double logBptMean = freshN == 0 ? 0 : logBptSum / freshN;
    for (int i = 0; i < n; i++) {
      BackendMetrics m = cluster.metrics(i);
      double[] f = x[i];
      f[0] = fresh[i] ? m.cpu() : cpuMean;
      f[1] = fresh[i] ? m.memory() : memMean;
      double net = m.networkInBytesPerSecond() + m.networkOutBytesPerSecond();
      f[2] = fresh[i] && netMean > 0 ? clampLog((net + 1.0) / (netMean + 1.0)) : 0;
      f[3] = m.inFlight() / (inFlightMean + 1.0);
      f[4] = m.latencyMillis() > 0 && latMean > 0 ? clampLog(m.latencyMillis() / latMean) : 0;
      f[5] = m.errorRate();
      f[6] =
          m.hasHostSample() ? Math.min(1.0, (double) m.sampleAgeMillis() / staleAfterMillis) : 1.0;
      f[7] = clampLog(cluster.endpoint(i).weight() / weightMean);
      f[8] = thrMean > 0 ? clampLog((throughput[i] + 0.01 * thrMean) / (1.01 * thrMean)) : 0;
      f[9] = fresh[i] ? clamp(busyPerThroughput[i] - logBptMean) : 0;
      f[10] = fresh[i] ? 1 : 0;
    }
    return x;
  }

  private static double clampLog(double ratio) {
    return clamp(Math.log(Math.max(ratio, EPS)));
  }

  private static double clamp(double v) {
    return Math.max(-5, Math.min(5, v));
  }

  /** Completions per second of one backend, a time-decayed average. */
  private static final class Rate {
    final long completed;
    final long atNanos;
    final double perSecond;
    final boolean measured;

    Rate(long completed, long atNanos) {
      this(completed, atNanos, 0, false);
    }

    private Rate(long completed, long atNanos, double perSecond, boolean measured) {
      this.completed = completed;
      this.atNanos = atNanos;
      this.perSecond = perSecond;
      this.measured = measured;
    }

    Rate advance(long nowCompleted, long nowNanos) {
      double dt = (nowNanos - atNanos) / 1e9;
      if (dt < 0.05) {
        return this; // too close to the previous call to measure anything
      }
      double instant = Math.max(0, nowCompleted - completed) / dt;
      double keep = measured ? Math.exp(-dt / THROUGHPUT_DECAY_SECONDS) : 0;
      return new Rate(nowCompleted, nowNanos, keep * perSecond + (1 - keep) * instant, true);
    }
  }
}
