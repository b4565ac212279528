package io.github.fulcrumlb.rl.features;

import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Computes the {@link FeatureSchema} features of every backend of a snapshot, and each backend's
 * {@linkplain #latencyRise() latency rise}. Control plane only: it keeps, per backend, the
 * completions and latency sum it saw at the previous call (to estimate throughput and the recent
 * and baseline latencies), so one instance serves one strategy and is called from one thread at a
 * time.
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

  /**
   * Longest time constant of the recent latency average, seconds: ten times faster than the
   * trackers' latency EWMA (10 s, Finagle's), so that a backend that starts stalling shows at the
   * next update, not after seconds. With updates more often than this, the time constant is one
   * update interval, so that a stall shows as strongly at the first update after it whatever the
   * refresh: a 1 s constant at the UDP balancer's 250 ms refresh moved the average only 22% of the
   * way per update, and `rl` took up to 1.27 s to leave the live demo's stalled backend (0.26–0.51
   * s with one update).
   */
  static final double RECENT_LATENCY_DECAY_SECONDS = 1.0;

  /**
   * Time constant of the baseline latency average while the latency is above it, seconds; below it,
   * the baseline comes down as fast as the recent average. The recent latency is compared with it:
   * a backend whose recent latency jumps above its baseline has just got slower (a stall, a
   * neighbour, a long job); one that stays slow for tens of seconds has a new baseline, and the
   * slow averages (the model's inputs) carry it. Kept here from the replies' sum and count rather
   * than taken from the tracker's EWMA, which its first reply sets outright: in the live demo that
   * first reply, slowed by the JVM's start, kept the EWMA several times too high for the whole run.
   */
  static final double BASELINE_DECAY_SECONDS = 10.0;

  /**
   * Replies an update's window needs to move the recent and baseline latencies at their full rate;
   * a window of fewer moves them proportionally less, so that with bimodal or heavy-tailed sizes a
   * window of a few long jobs does not look like a stall.
   */
  static final int FULL_WEIGHT_REPLIES = 50;

  /**
   * How far above its baseline the recent latency must be before it counts as a rise: the noise of
   * ordinary load changes stays below it.
   */
  static final double RISE_THRESHOLD = 1.3;

  private static final double EPS = 1e-9;

  private final long staleAfterMillis;
  private Map<LoadTracker, Observed> observed = new IdentityHashMap<>();
  private int freshCount;
  private double[] latencyRise = new double[0];

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
   * How far each backend's latency has just risen, at the last {@link #extract} call, index-aligned
   * with its snapshot: its recent mean latency (the replies since about the last update, or of the
   * last {@value #RECENT_LATENCY_DECAY_SECONDS} s if updates are further apart, from the tracker's
   * latency sum and count; a window of fewer than {@value #FULL_WEIGHT_REPLIES} replies counts
   * proportionally less) over {@value #RISE_THRESHOLD} times its baseline (the same average over
   * about {@value #BASELINE_DECAY_SECONDS} s while the latency is above it, as fast as the recent
   * one below); at least 1, and 1 before a backend's first reply. What a longer queue explains does
   * not count: the rise is divided by how much the backend's in-flight count (plus one, averaged
   * the same two ways over the windows with replies) has grown, since a pick already charges for
   * every request queued there; counted twice, a queue that grows under heavy load pushed traffic
   * off every busy backend in turn, and on one heavy-tailed seed tripled the mean latency. A
   * backend that starts stalling, with no more queued than before, shows here within an update or
   * two, long before its 10 s latency EWMA moves. Not a model input (the feature schema is
   * unchanged); the strategy's stall guard reads it. Do not modify.
   */
  public double[] latencyRise() {
    return latencyRise;
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
      latencyRise = new double[0];
      observed = new IdentityHashMap<>();
      return x;
    }
    boolean[] fresh = new boolean[n];
    double[] throughput = new double[n];
    Map<LoadTracker, Observed> nextObserved = new IdentityHashMap<>(2 * n);
    int freshN = 0;
    double cpuSum = 0, memSum = 0, netSum = 0, inFlightSum = 0, latSum = 0, weightSum = 0;
    double thrSum = 0, peakSum = 0, logPerRequestSum = 0;
    int latN = 0;
    double[] rise = new double[n];
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
        peakSum += peakMillis(e, m);
        logPerRequestSum += Math.log(m.latencyMillis() / (m.inFlight() + 1.0));
        latN++;
      }
      weightSum += e.weight();
      Observed r = observed.get(e.load());
      r = r == null ? Observed.start(e.load(), nowNanos) : r.advance(e.load(), nowNanos);
      nextObserved.put(e.load(), r);
      throughput[i] = r.perSecond;
      thrSum += r.perSecond;
      rise[i] = r.rise();
    }
    observed = nextObserved;
    freshCount = freshN;
    latencyRise = rise;
    double cpuMean = freshN == 0 ? 0.5 : cpuSum / freshN;
    double memMean = freshN == 0 ? 0.5 : memSum / freshN;
    double netMean = freshN == 0 ? 0 : netSum / freshN;
    double inFlightMean = inFlightSum / n;
    double latMean = latN == 0 ? 0 : latSum / latN;
    double peakMean = latN == 0 ? 0 : peakSum / latN;
    double logPerRequestMean = latN == 0 ? 0 : logPerRequestSum / latN;
    double weightMean = weightSum / n;
    double thrMean = thrSum / n;
    double coverage = (double) freshN / n;
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
      Endpoint e = cluster.endpoint(i);
      double[] f = x[i];
      f[0] = fresh[i] ? m.cpu() : cpuMean;
      f[1] = fresh[i] ? m.memory() : memMean;
      double net = m.networkInBytesPerSecond() + m.networkOutBytesPerSecond();
      f[2] = fresh[i] && netMean > 0 ? clampLog((net + 1.0) / (netMean + 1.0)) : 0;
      f[3] = m.inFlight() / (inFlightMean + 1.0);
      boolean replied = m.latencyMillis() > 0;
      f[4] = replied && latMean > 0 ? clampLog(m.latencyMillis() / latMean) : 0;
      f[5] = m.errorRate();
      f[6] =
          m.hasHostSample() ? Math.min(1.0, (double) m.sampleAgeMillis() / staleAfterMillis) : 1.0;
      f[7] = clampLog(e.weight() / weightMean);
      f[8] = thrMean > 0 ? clampLog((throughput[i] + 0.01 * thrMean) / (1.01 * thrMean)) : 0;
      f[9] = fresh[i] ? clamp(busyPerThroughput[i] - logBptMean) : 0;
      f[10] = fresh[i] ? 1 : 0;
      f[11] = m.hasHostSample() ? 1 : 0;
      f[12] = coverage;
      f[13] = replied ? clampLog(peakMillis(e, m) / m.latencyMillis()) : 0;
      f[14] = replied && peakMean > 0 ? clampLog(peakMillis(e, m) / peakMean) : 0;
      f[15] =
          replied
              ? clamp(Math.log(m.latencyMillis() / (m.inFlight() + 1.0)) - logPerRequestMean)
              : 0;
    }
    return x;
  }

  /** The peak-sensitive latency average, never below the plain one (both decay alike). */
  private static double peakMillis(Endpoint e, BackendMetrics m) {
    return Math.max(e.load().peakLatencyNanos() / 1e6, m.latencyMillis());
  }

  private static double clampLog(double ratio) {
    return clamp(Math.log(Math.max(ratio, EPS)));
  }

  private static double clamp(double v) {
    return Math.max(-5, Math.min(5, v));
  }

  /**
   * What this extractor has observed of one backend's tracker: completions per second, a
   * time-decayed average ({@value #THROUGHPUT_DECAY_SECONDS} s), and its recent ({@value
   * #RECENT_LATENCY_DECAY_SECONDS} s) and baseline ({@value #BASELINE_DECAY_SECONDS} s) mean
   * latencies, from the tracker's cumulative counters.
   */
  private static final class Observed {
    final long completed;
    final long latencySumNanos;
    final long atNanos;
    final double perSecond;
    final boolean measured;
    final double recentMillis; // 0: no reply seen since this extractor started watching
    final double baselineMillis; // 0 likewise
    final int inFlight; // at this observation
    final double recentQueue; // in-flight averaged like recentMillis
    final double baselineQueue; // in-flight averaged like baselineMillis

    private Observed(
        long completed,
        long latencySumNanos,
        long atNanos,
        double perSecond,
        boolean measured,
        double recentMillis,
        double baselineMillis,
        int inFlight,
        double recentQueue,
        double baselineQueue) {
      this.completed = completed;
      this.latencySumNanos = latencySumNanos;
      this.atNanos = atNanos;
      this.perSecond = perSecond;
      this.measured = measured;
      this.recentMillis = recentMillis;
      this.baselineMillis = baselineMillis;
      this.inFlight = inFlight;
      this.recentQueue = recentQueue;
      this.baselineQueue = baselineQueue;
    }

    static Observed start(LoadTracker load, long nowNanos) {
      long completed = load.completed(); // first: the sum then covers at least these
      int inFlight = load.inFlight();
      return new Observed(
          completed, load.latencySumNanos(), nowNanos, 0, false, 0, 0, inFlight, -1, -1);
    }

    /**
     * Recent latency over {@link #RISE_THRESHOLD} times the baseline, less what a longer queue
     * explains, at least 1.
     */
    double rise() {
      double above = RISE_THRESHOLD * baselineMillis;
      if (!(baselineMillis > 0)) {
        return 1.0;
      }
      double queued = recentQueue >= 0 ? (1 + recentQueue) / (1 + baselineQueue) : 1;
      return Math.max(1.0, recentMillis / above / Math.max(1.0, queued));
    }

    Observed advance(LoadTracker load, long nowNanos) {
      double dt = (nowNanos - atNanos) / 1e9;
      if (dt < 0.05) {
        return this; // too close to the previous call to measure anything
      }
      long nowCompleted = load.completed();
      long nowSum = load.latencySumNanos();
      long replies = nowCompleted - completed;
      double instant = Math.max(0, replies) / dt;
      double keep = measured ? Math.exp(-dt / THROUGHPUT_DECAY_SECONDS) : 0;
      double nextPerSecond = keep * perSecond + (1 - keep) * instant;
      double recent = recentMillis;
      double baseline = baselineMillis;
      int nowInFlight = load.inFlight();
      double recentTau = Math.min(RECENT_LATENCY_DECAY_SECONDS, dt);
      double queueSample = 0.5 * (inFlight + nowInFlight);
      double recentQ = recentQueue;
      double baselineQ = baselineQueue;
      if (replies > 0) {
        double windowMillis = Math.max(0, nowSum - latencySumNanos) / 1e6 / replies;
        double weight = Math.min(1.0, (double) replies / FULL_WEIGHT_REPLIES);
        recent = blend(recent, windowMillis, dt, recentTau, weight);
        // Down as fast as the recent average, up slowly: a first reply slowed by the process's
        // start (the JIT, connection set-up) must not hold the baseline high for tens of seconds.
        double decay = windowMillis < baseline ? recentTau : BASELINE_DECAY_SECONDS;
        baseline = blend(baseline, windowMillis, dt, decay, weight);
        recentQ = blendQueue(recentQ, queueSample, dt, recentTau, weight);
        baselineQ = blendQueue(baselineQ, queueSample, dt, decay, weight);
      } else if (recent > 0) {
        // No reply in the window: fade towards the baseline, so that a backend left alone after a
        // bad spell is tried again rather than shunned on one old window.
        recent = blend(recent, baseline, dt, recentTau, 1);
      }
      return new Observed(
          nowCompleted,
          nowSum,
          nowNanos,
          nextPerSecond,
          true,
          recent,
          baseline,
          nowInFlight,
          recentQ,
          baselineQ);
    }

    /** Like {@link #blend}, for an in-flight average: {@code < 0} before the first sample. */
    private static double blendQueue(
        double value, double sample, double dt, double decaySeconds, double weight) {
      return value < 0 ? sample : decayed(value, sample, dt, decaySeconds, weight);
    }

    /** {@code value} moved towards {@code sample} as a time-decayed average; set at first. */
    private static double blend(
        double value, double sample, double dt, double decaySeconds, double weight) {
      return value > 0 ? decayed(value, sample, dt, decaySeconds, weight) : sample;
    }

    private static double decayed(
        double value, double sample, double dt, double decaySeconds, double weight) {
      double w = (1 - Math.exp(-dt / decaySeconds)) * weight;
      return (1 - w) * value + w * sample;
    }
  }
}
