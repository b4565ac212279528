package io.github.fulcrumlb.sim.report;

/**
 * How long a strategy took to settle after a change: the "adapted after" figure of a report window.
 *
 * <p>Definition. Requests arriving in the window are grouped by arrival time into 1-second buckets
 * from the window's start {@code F}; bucket {@code i} holds arrivals in {@code [F + i, F + i + 1)}.
 * The <em>rolling latency</em> at bucket {@code i} is the mean latency of the requests in buckets
 * {@code i - 4 .. i} (the 5 seconds of arrivals ending at {@code F + i + 1}, fewer at the start).
 * The strategy's <em>settled level</em> {@code L} is the mean latency of the requests in the last
 * quarter of the buckets (at least one bucket). It has adapted after {@code t = i + 1} seconds, for
 * the smallest {@code i} such that the rolling latency of every bucket from {@code i} to the last
 * is at most {@value #TOLERANCE} × {@code L}: from then on it stays within 10% of where it ends up.
 * So a strategy that a change does not disturb has adapted after 1 s; one that never settles has
 * not adapted ({@code NaN}); and a strategy that settles fast at a bad level adapts fast: read it
 * together with the window's latency. Buckets without requests are skipped.
 *
 * <pre>{@code
 * double t = AdaptationTime.seconds(bucketLatencySums, bucketCounts); // NaN: never settled
 * }</pre>
 */
public final class AdaptationTime {
  /** The rolling latency must stay within this factor of the settled level. */
  public static final double TOLERANCE = 1.1;

  /** Buckets (seconds) the rolling latency averages over. */
  public static final int ROLLING_BUCKETS = 5;

  private AdaptationTime() {}

  /**
   * Seconds from the window's start until the rolling latency stays within {@link #TOLERANCE} × the
   * settled level, in whole seconds ({@code >= 1}); {@code NaN} if it never does or there are no
   * requests.
   *
   * @param sums latency sum of each 1-second bucket (any unit)
   * @param counts requests in each bucket, same length as {@code sums}
   */
  public static double seconds(double[] sums, long[] counts) {
    if (sums.length != counts.length) {
      throw new IllegalArgumentException(
          "sums and counts must be as long but were " + sums.length + " and " + counts.length);
    }
    int n = sums.length;
    if (n == 0) {
      return Double.NaN;
    }
    int tailStart = n - Math.max(1, n / 4);
    double tailSum = 0;
    long tailCount = 0;
    for (int i = tailStart; i < n; i++) {
      tailSum += sums[i];
      tailCount += counts[i];
    }
    if (tailCount == 0) {
      return Double.NaN;
    }
    double limit = TOLERANCE * tailSum / tailCount;
    int adapted = -1; // first bucket of the final run of buckets within the limit
    for (int i = 0; i < n; i++) {
      if (counts[i] == 0) {
        continue;
      }
      double sum = 0;
      long count = 0;
      for (int j = Math.max(0, i - ROLLING_BUCKETS + 1); j <= i; j++) {
        sum += sums[j];
        count += counts[j];
      }
      if (sum / count > limit) {
        adapted = -1;
      } else if (adapted < 0) {
        adapted = i;
      }
    }
    return adapted < 0 ? Double.NaN : adapted + 1;
  }
}
