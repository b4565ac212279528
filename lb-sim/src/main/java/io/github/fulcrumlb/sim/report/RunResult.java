package io.github.fulcrumlb.sim.report;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one run of one strategy (or of the clairvoyant oracle) on a scenario, over the
 * measured requests (after the warmup).
 *
 * <p>Latency statistics cover every request that got an answer or timed out (a timeout counts with
 * the timeout as its latency, which is what the client experienced); dropped and failed requests
 * end at once and are only counted. The mean is exact; percentiles come from an HdrHistogram with
 * three significant digits.
 *
 * @param strategy the strategy's name, or {@code clairvoyant}
 * @param requests measured requests
 * @param ok requests answered in time
 * @param timeouts requests the client gave up on
 * @param drops requests refused by a full queue
 * @param failures requests sent to a dead backend, or with no backend left to pick
 * @param meanMillis mean latency
 * @param p50Millis median latency
 * @param p90Millis 90th percentile
 * @param p99Millis 99th percentile
 * @param p999Millis 99.9th percentile
 * @param maxMillis largest latency
 * @param throughputPerSecond measured arrivals per simulated second
 * @param meanInSystem time-average number of requests in all backends together
 * @param windowSeconds simulated length of the measured part
 * @param backends per-backend share and utilisation, in scenario order
 * @param histogram the latency histogram in nanoseconds (not serialised)
 * @param window the same figures for the requests that arrived in the scenario's report window
 *     (after a change), with the time to adapt; {@code null} when the scenario has no window
 */
public record RunResult(
    String strategy,
    long requests,
    long ok,
    long timeouts,
    long drops,
    long failures,
    double meanMillis,
    double p50Millis,
    double p90Millis,
    double p99Millis,
    double p999Millis,
    double maxMillis,
    double throughputPerSecond,
    double meanInSystem,
    double windowSeconds,
    List<BackendResult> backends,
    Histogram histogram,
    WindowResult window) {

  /** Copies the backend list. */
  public RunResult {
    backends = List.copyOf(backends);
  }

  /** Requests that did not get an answer in time: timeouts, drops and failures. */
  public long unsuccessful() {
    return timeouts + drops + failures;
  }

  /** {@link #unsuccessful()} over {@link #requests()}. */
  public double unsuccessfulFraction() {
    return requests == 0 ? 0 : (double) unsuccessful() / requests;
  }
}
