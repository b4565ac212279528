package io.github.fulcrumlb.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AdaptationTimeTest {

  /** Buckets of 100 requests each whose mean latency is {@code means[i]}. */
  private static double seconds(double... means) {
    long[] counts = new long[means.length];
    Arrays.fill(counts, 100);
    double[] sums = new double[means.length];
    for (int i = 0; i < means.length; i++) {
      sums[i] = means[i] * 100;
    }
    return AdaptationTime.seconds(sums, counts);
  }

  private static double[] series(int n, double settled) {
    double[] out = new double[n];
    Arrays.fill(out, settled);
    return out;
  }

  @Test
  void anUndisturbedSeriesHasAdaptedAfterOneSecond() {
    assertThat(seconds(series(40, 5))).isEqualTo(1);
  }

  @Test
  void aSpikeThatDecaysAdaptsOnceTheRollingMeanIsWithinTenPercent() {
    double[] s = series(40, 5);
    s[0] = 50; // one bad second; the rolling mean (5 buckets) carries it for 5 buckets
    // rolling means: 50, 27.5, 20, 16.25, 14, 5, ... -> within 5.5 from bucket 5 on
    assertThat(seconds(s)).isEqualTo(6);
  }

  @Test
  void settlingAtAWorseLevelIsStillAdaptingToIt() {
    double[] s = series(40, 20);
    for (int i = 0; i < 10; i++) {
      s[i] = 5; // good at first, then worse for good from 10 s
    }
    // never above 1.1 x 20 = 22: settling at a worse level counts as adapted (read the latency too)
    assertThat(seconds(s)).isEqualTo(1);
  }

  @Test
  void aLaterExcursionResetsTheClock() {
    double[] s = series(40, 5);
    s[0] = 30;
    s[20] = 30; // rolling means of buckets 20..24 exceed 5.5
    assertThat(seconds(s)).isEqualTo(26);
  }

  @Test
  void aSeriesThatEndsAboveItsLevelNeverAdapted() {
    double[] s = series(40, 5);
    s[39] = 100; // last quarter's mean 14.5; last rolling mean 24 > 15.95
    assertThat(seconds(s)).isNaN();
  }

  @Test
  void emptyBucketsAreSkippedAndNoRequestsIsNaN() {
    double[] sums = {500, 0, 50, 50, 50, 50};
    long[] counts = {10, 0, 10, 10, 10, 10};
    // level 5 (last bucket); rolling means: 50, -, 27.5, 20, 16.25, 5 (window 1..5)
    assertThat(AdaptationTime.seconds(sums, counts)).isEqualTo(6);
    assertThat(AdaptationTime.seconds(new double[3], new long[3])).isNaN();
    assertThat(AdaptationTime.seconds(new double[0], new long[0])).isNaN();
    assertThatThrownBy(() -> AdaptationTime.seconds(new double[2], new long[3]))
        .hasMessageContaining("as long");
  }
}
