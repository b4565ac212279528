package io.github.fulcrumlb.sim;

import io.github.fulcrumlb.sim.cluster.Server;
import io.github.fulcrumlb.sim.report.AdaptationTime;
import io.github.fulcrumlb.sim.report.BackendResult;
import io.github.fulcrumlb.sim.report.RunResult;
import io.github.fulcrumlb.sim.report.WindowResult;
import io.github.fulcrumlb.sim.scenario.ReportWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What a {@link ClusterRun} measures over its measured window (from the first request after the
 * warm-up to the last arrival): outcomes, the latency histogram and exact mean, requests sent to
 * each backend, and each backend's busy time and requests-in-system integral at both ends of the
 * window. With a {@link ReportWindow}, also the latency of measured requests that arrived in it,
 * overall and per 1-second bucket of arrival time (for {@link AdaptationTime}). Turns them into a
 * {@link RunResult}. Not thread-safe.
 */
final class RunStatistics {
  private final Server[] servers;
  private final Histogram histogram = new Histogram(3);
  private double latencySum;
  private long measured;
  private long ok;
  private long timeouts;
  private long drops;
  private long failures;
  private final long[] dispatched;
  private long windowStart;
  private long windowEnd;
  private final long[] busyAtStart;
  private final long[] busyAtEnd;
  private double areaAtStart;
  private double areaAtEnd;

  private final ReportWindow window;
  private final long windowFrom;
  private final long windowTo;
  private final Histogram windowHistogram = new Histogram(3);
  private double windowLatencySum;
  private long windowRequests;
  private double[] bucketSums = new double[64];
  private long[] bucketCounts = new long[64];
  private int buckets;

  RunStatistics(Server[] servers, ReportWindow window) {
    this.servers = servers;
    this.window = window;
    this.windowFrom = window.enabled() ? ClusterRun.nanos(window.fromSeconds()) : Long.MAX_VALUE;
    this.windowTo = window.enabled() ? ClusterRun.nanos(window.toSeconds()) : Long.MAX_VALUE;
    int n = servers.length;
    dispatched = new long[n];
    busyAtStart = new long[n];
    busyAtEnd = new long[n];
  }

  /** A measured request was sent to backend {@code b}. */
  void dispatched(int b) {
    dispatched[b]++;
  }

  /**
   * A measured request that arrived at {@code arrival} ended with {@code outcome} after {@code
   * latency} nanoseconds.
   */
  void count(Outcome outcome, long latency, long arrival) {
    if (arrival >= windowFrom && arrival < windowTo) {
      inWindow(outcome, latency, arrival);
    }
    measured++;
    switch (outcome) {
      case OK -> {
        ok++;
        histogram.recordValue(latency);
        latencySum += latency;
      }
      case TIMEOUT -> {
        timeouts++;
        histogram.recordValue(latency);
        latencySum += latency;
      }
      case DROPPED -> drops++;
      case FAILED -> failures++;
    }
  }

  private void inWindow(Outcome outcome, long latency, long arrival) {
    windowRequests++;
    if (outcome != Outcome.OK && outcome != Outcome.TIMEOUT) {
      return;
    }
    windowHistogram.recordValue(latency);
    windowLatencySum += latency;
    int bucket = (int) ((arrival - windowFrom) / 1_000_000_000L);
    if (bucket >= bucketSums.length) {
      int size = Math.max(bucket + 1, bucketSums.length * 2);
      bucketSums = Arrays.copyOf(bucketSums, size);
      bucketCounts = Arrays.copyOf(bucketCounts, size);
    }
    bucketSums[bucket] += latency;
    bucketCounts[bucket]++;
    buckets = Math.max(buckets, bucket + 1);
  }

  /** The measured window begins at {@code now}. */
  void startWindow(long now) {
    windowStart = now;
    areaAtStart = 0;
    for (int i = 0; i < servers.length; i++) {
      busyAtStart[i] = servers[i].busyNanosUpTo(now);
      areaAtStart += servers[i].inSystemAreaUpTo(now);
    }
  }

  /** The measured window ends at {@code now}. */
  void endWindow(long now) {
    windowEnd = now;
    areaAtEnd = 0;
    for (int i = 0; i < servers.length; i++) {
      busyAtEnd[i] = servers[i].busyNanosUpTo(now);
      areaAtEnd += servers[i].inSystemAreaUpTo(now);
    }
  }

  /** The row of {@code label}. */
  RunResult result(String label) {
    double window = Math.max(1, windowEnd - windowStart);
    List<BackendResult> perBackend = new ArrayList<>(servers.length);
    long sent = 0;
    for (long d : dispatched) {
      sent += d;
    }
    for (int i = 0; i < servers.length; i++) {
      double util = (busyAtEnd[i] - busyAtStart[i]) / (window * servers[i].concurrency());
      perBackend.add(
          new BackendResult(
              servers[i].spec().id(),
              dispatched[i],
              sent == 0 ? 0 : (double) dispatched[i] / sent,
              Math.max(0, Math.min(1, util))));
    }
    long latencies = histogram.getTotalCount();
    return new RunResult(
        label,
        measured,
        ok,
        timeouts,
        drops,
        failures,
        latencies == 0 ? 0 : latencySum / latencies / 1e6,
        millis(50),
        millis(90),
        millis(99),
        millis(99.9),
        latencies == 0 ? 0 : histogram.getMaxValue() / 1e6,
        measured / (window / 1e9),
        (areaAtEnd - areaAtStart) / window,
        (windowEnd - windowStart) / 1e9,
        perBackend,
        histogram,
        windowResult());
  }

  /** The report window's figures, or {@code null} without one. */
  private WindowResult windowResult() {
    if (!window.enabled()) {
      return null;
    }
    double end = Math.min(window.toSeconds(), windowEnd / 1e9);
    // Only whole seconds of arrivals: a last bucket cut short by the end of the run is left out.
    int complete = (int) Math.min(buckets, Math.floor(end - window.fromSeconds()));
    double adapted =
        AdaptationTime.seconds(
            Arrays.copyOf(bucketSums, Math.max(0, complete)),
            Arrays.copyOf(bucketCounts, Math.max(0, complete)));
    long n = windowHistogram.getTotalCount();
    return new WindowResult(
        window.fromSeconds(),
        Math.max(window.fromSeconds(), end),
        windowRequests,
        n == 0 ? 0 : windowLatencySum / n / 1e6,
        windowMillis(50),
        windowMillis(99),
        windowMillis(99.9),
        adapted,
        windowHistogram);
  }

  private double windowMillis(double percentile) {
    return windowHistogram.getTotalCount() == 0
        ? 0
        : windowHistogram.getValueAtPercentile(percentile) / 1e6;
  }

  private double millis(double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e6;
  }
}
