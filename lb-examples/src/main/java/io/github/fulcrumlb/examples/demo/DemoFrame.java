package io.github.fulcrumlb.examples.demo;

import java.util.List;

/**
 * What the live view shows at one refresh: the run's progress and one {@link Row} per backend.
 *
 * @param strategy the strategy's name
 * @param mode how it picks now (for {@code rl}: learned or fallback and why), or empty
 * @param learner for {@code rl} with online learning: what the learner does ({@link
 *     io.github.fulcrumlb.rl.online.OnlineStats#summary()}), else empty
 * @param elapsedSeconds time since traffic started
 * @param totalSeconds the run's length
 * @param sent datagrams sent so far
 * @param replies replies received so far
 * @param metrics where metrics come from
 * @param rows one per backend
 */
public record DemoFrame(
    String strategy,
    String mode,
    String learner,
    double elapsedSeconds,
    double totalSeconds,
    long sent,
    long replies,
    String metrics,
    List<Row> rows) {

  /** Copies the rows. */
  public DemoFrame {
    rows = List.copyOf(rows);
  }

  /**
   * One backend at one refresh.
   *
   * @param id the backend id
   * @param capacity its capacity, e.g. {@code "2x400us"}
   * @param share its share of all datagrams forwarded so far, in [0, 1]
   * @param shareBefore its share of what was forwarded before the noisy neighbour started (all so
   *     far while it has not)
   * @param shareAfter its share of what was forwarded since the neighbour started (NaN before)
   * @param perSecond datagrams forwarded to it per second since the last refresh
   * @param inFlight datagrams the balancer has outstanding there
   * @param p50Millis median round trip via it since the last refresh (NaN: none)
   * @param p99Millis 99th percentile, likewise
   * @param cpu its CPU as the balancer's metrics source last reported it (NaN: no sample yet)
   * @param neighbour whether its noisy neighbour is on
   */
  public record Row(
      String id,
      String capacity,
      double share,
      double shareBefore,
      double shareAfter,
      double perSecond,
      int inFlight,
      double p50Millis,
      double p99Millis,
      double cpu,
      boolean neighbour) {}
}
