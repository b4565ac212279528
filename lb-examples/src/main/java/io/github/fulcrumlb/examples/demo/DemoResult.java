package io.github.fulcrumlb.examples.demo;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one demo run (one strategy): traffic totals, round-trip latencies, what each
 * backend got, and how traffic shifted when the noisy neighbour started.
 *
 * @param strategy the strategy's name
 * @param mode how it ended up picking (for {@code rl}: learned or fallback), or empty
 * @param learner for {@code rl} with online learning: what the learner did by the end ({@link
 *     io.github.fulcrumlb.rl.online.OnlineStats#summary()}), else empty
 * @param seconds how long traffic ran
 * @param sent datagrams sent
 * @param replies replies received
 * @param latencies all round trips, nanoseconds
 * @param backends one per backend, in index order
 * @param interrupted whether it was stopped early (Ctrl-C)
 * @param neighbour index of the backend that got the noisy neighbour, or -1 for none
 * @param neighbourAtSeconds when the neighbour started, seconds into the run (NaN: it did not)
 * @param secondsToHalf from then until the neighbour's backend first got under half of its share
 *     before, over a {@link ShareShift#WINDOW_SECONDS} window (NaN: it did not)
 */
public record DemoResult(
    String strategy,
    String mode,
    String learner,
    double seconds,
    long sent,
    long replies,
    Histogram latencies,
    List<Backend> backends,
    boolean interrupted,
    int neighbour,
    double neighbourAtSeconds,
    double secondsToHalf) {

  /** Copies the list. */
  public DemoResult {
    backends = List.copyOf(backends);
  }

  /** Datagrams without a reply. */
  public long lost() {
    return Math.max(0, sent - replies);
  }

  /** Replies per second. */
  public double throughput() {
    return seconds > 0 ? replies / seconds : 0;
  }

  /** A percentile of the round trips, milliseconds (NaN without any). */
  public double percentileMillis(double p) {
    return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getValueAtPercentile(p) / 1e6;
  }

  /** Mean round trip, milliseconds (NaN without any). */
  public double meanMillis() {
    return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getMean() / 1e6;
  }

  /**
   * What one backend got.
   *
   * @param id the backend id
   * @param capacity e.g. {@code "2x400us"}
   * @param forwarded datagrams the balancer forwarded to it
   * @param share {@code forwarded} over all forwarded datagrams
   * @param shareBefore its share before the noisy neighbour started (NaN without traffic)
   * @param shareAfter its share after (NaN if the neighbour never started)
   * @param replies replies that came back via it
   * @param latencies round trips via it, nanoseconds
   * @param cpu its mean CPU use over the run (CPU time of its threads over its cores × time)
   */
  public record Backend(
      String id,
      String capacity,
      long forwarded,
      double share,
      double shareBefore,
      double shareAfter,
      long replies,
      Histogram latencies,
      double cpu) {

    /** A percentile of its round trips, milliseconds (NaN without any). */
    public double percentileMillis(double p) {
      return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getValueAtPercentile(p) / 1e6;
    }
  }
}
