package io.github.fulcrumlb.sim;

import io.github.fulcrumlb.sim.cluster.Server;
import io.github.fulcrumlb.sim.report.BackendResult;
import io.github.fulcrumlb.sim.report.RunResult;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What a {@link ClusterRun} measures over its measured window (from the first request after the
 * warm-up to the last arrival): outcomes, the latency histogram and exact mean, requests sent to
 * each backend, and each backend's busy time and requests-in-system integral at both ends of the
 * window. Turns them into a {@link RunResult}. Not thread-safe.
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

  RunStatistics(Server[] servers) {
    this.servers = servers;
    int n = servers.length;
    dispatched = new long[n];
    busyAtStart = new long[n];
    busyAtEnd = new long[n];
  }

  /** A measured request was sent to backend {@code b}. */
  void dispatched(int b) {
    dispatched[b]++;
  }

  /** A measured request ended with {@code outcome} after {@code latency} nanoseconds. */
  void count(Outcome outcome, long latency) {
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
        histogram);
  }

  private double millis(double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e6;
  }
}
