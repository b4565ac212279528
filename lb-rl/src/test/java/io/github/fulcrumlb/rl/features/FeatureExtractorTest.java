package io.github.fulcrumlb.rl.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.rl.Clusters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {
  private static final int CPU = FeatureSchema.FEATURES.indexOf("cpu");
  private static final int FRESH = FeatureSchema.FEATURES.indexOf("fresh");
  private static final int AGE = FeatureSchema.FEATURES.indexOf("sample-age");
  private static final int IN_FLIGHT = FeatureSchema.FEATURES.indexOf("in-flight-share");
  private static final int THROUGHPUT = FeatureSchema.FEATURES.indexOf("throughput-share");
  private static final int BUSY = FeatureSchema.FEATURES.indexOf("busy-per-throughput");
  private static final int HOST_SAMPLE = FeatureSchema.FEATURES.indexOf("host-sample");
  private static final int COVERAGE = FeatureSchema.FEATURES.indexOf("host-coverage");
  private static final int PEAK_RATIO = FeatureSchema.FEATURES.indexOf("peak-ratio");
  private static final int PEAK_SHARE = FeatureSchema.FEATURES.indexOf("peak-share");
  private static final int PER_REQUEST = FeatureSchema.FEATURES.indexOf("latency-per-request");

  @Test
  void withoutHostMetricsTheRowsSaySoAndKeepTheLocalSignals() {
    List<Endpoint> eps = Clusters.endpoints(2);
    List<BackendMetrics> m =
        List.of(
            new BackendMetrics(0, 0, 0, 0, BackendMetrics.NO_SAMPLE, 3, 40, 0),
            new BackendMetrics(0, 0, 0, 0, BackendMetrics.NO_SAMPLE, 1, 10, 0));

    double[][] x = new FeatureExtractor(30_000).extract(ClusterSnapshot.of(eps, m), 0);

    assertThat(x[0][HOST_SAMPLE]).isZero();
    assertThat(x[0][COVERAGE]).isZero();
    assertThat(x[0][FRESH]).isZero();
    assertThat(x[0][AGE]).isEqualTo(1.0);
    // 40 ms over 4 queued vs 10 ms over 2: 10 vs 5 ms per request, log ratio ln 2 around the mean.
    assertThat(x[0][PER_REQUEST] - x[1][PER_REQUEST]).isCloseTo(Math.log(2), within(1e-12));
  }

  @Test
  void coverageIsTheFreshShareAndHostSampleMarksEachBackend() {
    List<Endpoint> eps = Clusters.endpoints(4);
    List<BackendMetrics> m =
        List.of(
            new BackendMetrics(0.5, 0.3, 0, 0, 1_000, 0, 0, 0),
            new BackendMetrics(0.5, 0.3, 0, 0, 60_000, 0, 0, 0),
            new BackendMetrics(0, 0, 0, 0, BackendMetrics.NO_SAMPLE, 0, 0, 0),
            new BackendMetrics(0.5, 0.3, 0, 0, 2_000, 0, 0, 0));

    double[][] x = new FeatureExtractor(30_000).extract(ClusterSnapshot.of(eps, m), 0);

    assertThat(x[0][COVERAGE]).isEqualTo(0.5);
    assertThat(x[1][HOST_SAMPLE]).isEqualTo(1);
    assertThat(x[1][FRESH]).isZero();
    assertThat(x[2][HOST_SAMPLE]).isZero();
  }

  @Test
  void aSlowReplyRaisesThePeakFeaturesOfItsBackendOnly() {
    List<Endpoint> eps = Clusters.endpoints(2);
    for (int i = 0; i < 20; i++) {
      eps.get(0).load().requestStarted();
      eps.get(0).load().requestFinished(1_000_000, true, i);
      eps.get(1).load().requestStarted();
      eps.get(1).load().requestFinished(1_000_000, true, i);
    }
    eps.get(0).load().requestStarted();
    eps.get(0).load().requestFinished(50_000_000, true, 20); // one 50 ms reply: a stall

    List<BackendMetrics> m =
        List.of(
            BackendMetrics.of(null, 0, eps.get(0).load()),
            BackendMetrics.of(null, 0, eps.get(1).load()));

    double[][] x = new FeatureExtractor(30_000).extract(ClusterSnapshot.of(eps, m), 21);

    assertThat(x[0][PEAK_RATIO]).isGreaterThan(1.0);
    assertThat(x[1][PEAK_RATIO]).isCloseTo(0, within(1e-9));
    assertThat(x[0][PEAK_SHARE]).isGreaterThan(x[1][PEAK_SHARE]);
  }

  @Test
  void oneRowPerBackendWithEveryFeature() {
    double[][] x =
        new FeatureExtractor(30_000)
            .extract(Clusters.withCpu(Clusters.endpoints(3), 0.2, 0.5, 0.8), 0);

    assertThat(x).hasDimensions(3, FeatureSchema.size());
    assertThat(x[2][CPU]).isEqualTo(0.8);
    assertThat(x[0][FRESH]).isEqualTo(1);
    assertThat(x[0][AGE]).isCloseTo(1.0 / 30, within(1e-12));
  }

  @Test
  void staleSampleCountsAsTheClusterMeanAndNotFresh() {
    List<Endpoint> eps = Clusters.endpoints(3);
    List<BackendMetrics> m = new ArrayList<>();
    m.add(new BackendMetrics(0.2, 0.3, 1e6, 1e6, 1_000, 0, 0, 0));
    m.add(new BackendMetrics(0.6, 0.3, 1e6, 1e6, 1_000, 0, 0, 0));
    m.add(new BackendMetrics(0.99, 0.3, 1e6, 1e6, 60_000, 0, 0, 0)); // a minute old
    FeatureExtractor fx = new FeatureExtractor(30_000);

    double[][] x = fx.extract(ClusterSnapshot.of(eps, m), 0);

    assertThat(fx.freshCount()).isEqualTo(2);
    assertThat(x[2][FRESH]).isZero();
    assertThat(x[2][CPU]).isCloseTo(0.4, within(1e-12));
    assertThat(x[2][AGE]).isEqualTo(1.0);
  }

  @Test
  void inFlightIsRelativeToTheClusterMean() {
    List<Endpoint> eps = Clusters.endpoints(2);
    List<BackendMetrics> m =
        List.of(
            new BackendMetrics(0.5, 0.3, 0, 0, 0, 4, 0, 0),
            new BackendMetrics(0.5, 0.3, 0, 0, 0, 0, 0, 0));

    double[][] x = new FeatureExtractor(30_000).extract(ClusterSnapshot.of(eps, m), 0);

    assertThat(x[0][IN_FLIGHT]).isEqualTo(4.0 / 3);
    assertThat(x[1][IN_FLIGHT]).isZero();
  }

  @Test
  void throughputAndBusyPerThroughputComeFromCompletionsBetweenUpdates() {
    List<Endpoint> eps = Clusters.endpoints(2);
    FeatureExtractor fx = new FeatureExtractor(30_000);
    fx.extract(Clusters.withCpu(eps, 0.9, 0.9), 0);
    for (int i = 0; i < 300; i++) { // b0 completes 3x as many requests in the same second
      finish(eps.get(0));
      if (i % 3 == 0) {
        finish(eps.get(1));
      }
    }

    double[][] x = fx.extract(Clusters.withCpu(eps, 0.9, 0.9), 1_000_000_000L);

    assertThat(x[0][THROUGHPUT]).isGreaterThan(x[1][THROUGHPUT]);
    // Equally busy, b1 serves a third as many: its service time estimate is about 3x b0's.
    assertThat(x[1][BUSY] - x[0][BUSY]).isCloseTo(Math.log(3), within(1e-9));
  }

  @Test
  void permutingBackendsPermutesRows() {
    List<Endpoint> eps = Clusters.endpoints(3);
    double[][] x = new FeatureExtractor(30_000).extract(Clusters.withCpu(eps, 0.1, 0.5, 0.9), 0);
    List<Endpoint> reversed = List.of(eps.get(2), eps.get(1), eps.get(0));
    double[][] y =
        new FeatureExtractor(30_000).extract(Clusters.withCpu(reversed, 0.9, 0.5, 0.1), 0);

    assertThat(y[0]).containsExactly(x[2]);
    assertThat(y[2]).containsExactly(x[0]);
  }

  @Test
  void latencyRiseShowsABackendThatJustGotSlowerUntilItIsLeftAloneOrStaysSlow() {
    List<Endpoint> eps = Clusters.endpoints(2);
    FeatureExtractor fx = new FeatureExtractor(30_000);
    long[] now = {0};
    // 10 s of replies at 1 ms on both, an update every 250 ms: nothing has risen.
    for (int u = 0; u < 40; u++) {
      step(fx, eps, now, 60, 1.0, 60, 1.0);
    }
    assertThat(fx.latencyRise()).containsExactly(1.0, 1.0);

    // b0 starts answering in 5 ms: within two updates it shows, b1 does not move.
    step(fx, eps, now, 60, 5.0, 60, 1.0);
    step(fx, eps, now, 60, 5.0, 60, 1.0);
    assertThat(fx.latencyRise()[0]).isGreaterThan(1.5);
    assertThat(fx.latencyRise()[1]).isEqualTo(1.0);

    // Left alone (no replies), it fades back: the backend is tried again.
    for (int u = 0; u < 20; u++) {
      step(fx, eps, now, 0, 0, 60, 1.0);
    }
    assertThat(fx.latencyRise()[0]).isLessThan(1.1);

    // Slow for good: the baseline (a 10 s average) catches up and the rise fades out.
    for (int u = 0; u < 4; u++) {
      step(fx, eps, now, 60, 5.0, 60, 1.0);
    }
    assertThat(fx.latencyRise()[0]).isGreaterThan(1.5);
    for (int u = 0; u < 120; u++) { // 30 s
      step(fx, eps, now, 60, 5.0, 60, 1.0);
    }
    assertThat(fx.latencyRise()[0]).isEqualTo(1.0);
  }

  @Test
  void aSlowFirstWindowDoesNotHoldTheBaselineHigh() {
    List<Endpoint> eps = Clusters.endpoints(2);
    FeatureExtractor fx = new FeatureExtractor(30_000);
    long[] now = {0};
    fx.extract(Clusters.withCpu(eps, 0.5, 0.5), 0);
    step(fx, eps, now, 60, 8.0, 60, 8.0); // the process's first replies, slowed by its start
    for (int u = 0; u < 20; u++) { // 5 s at 1 ms
      step(fx, eps, now, 60, 1.0, 60, 1.0);
    }
    // b0 now answers in 3 ms: a rise against the 1 ms it had, though still below the first
    // window's 8 ms (a baseline that came down at its 10 s rate would still be above 5 ms).
    for (int u = 0; u < 4; u++) {
      step(fx, eps, now, 60, 3.0, 60, 1.0);
    }
    assertThat(fx.latencyRise()[0]).isGreaterThan(1.3);
    assertThat(fx.latencyRise()[1]).isEqualTo(1.0);
  }

  @Test
  void latencyRiseIgnoresSmallChangesAndMovesLittleOnAFewReplies() {
    List<Endpoint> eps = Clusters.endpoints(2);
    FeatureExtractor fx = new FeatureExtractor(30_000);
    long[] now = {0};
    for (int u = 0; u < 40; u++) {
      step(fx, eps, now, 60, 1.0, 60, 1.0);
    }
    // 20% slower: ordinary load noise, below the threshold.
    for (int u = 0; u < 8; u++) {
      step(fx, eps, now, 60, 1.2, 60, 1.0);
    }
    assertThat(fx.latencyRise()[0]).isEqualTo(1.0);
    // Five times slower, but two replies per window: barely moves.
    for (int u = 0; u < 2; u++) {
      step(fx, eps, now, 2, 5.0, 60, 1.0);
    }
    assertThat(fx.latencyRise()[0]).isLessThan(1.1);
  }

  @Test
  void latencyRiseIsOneBeforeAnyReplyAndEmptyForAnEmptyCluster() {
    List<Endpoint> eps = Clusters.endpoints(2);
    FeatureExtractor fx = new FeatureExtractor(30_000);
    fx.extract(Clusters.withCpu(eps, 0.5, 0.5), 0);
    fx.extract(Clusters.withCpu(eps, 0.5, 0.5), 250_000_000L);
    assertThat(fx.latencyRise()).containsExactly(1.0, 1.0);

    fx.extract(ClusterSnapshot.EMPTY, 500_000_000L);
    assertThat(fx.latencyRise()).isEmpty();
  }

  @Test
  void aRiseThatALongerQueueExplainsIsNoRise() {
    List<Endpoint> eps = Clusters.endpoints(3);
    FeatureExtractor fx = new FeatureExtractor(30_000);
    long[] now = {0};
    // 10 s of replies at 1 ms with nothing else in flight.
    for (int u = 0; u < 40; u++) {
      stepAll(fx, eps, now, 1.0, 1.0, 1.0);
    }
    // Then four more requests stay in flight on b0 and b1, and each of their replies waits behind
    // them: b0 five times as long (what four ahead of it explain), b1 twenty-five times. b2 is
    // five times slower with nothing queued: a stall.
    for (int k = 0; k < 4; k++) {
      eps.get(0).load().requestStarted();
      eps.get(1).load().requestStarted();
    }
    for (int u = 0; u < 3; u++) {
      stepAll(fx, eps, now, 5.0, 25.0, 5.0);
    }
    double[] rise = fx.latencyRise();
    assertThat(rise[0]).isEqualTo(1.0);
    assertThat(rise[1]).isGreaterThan(1.3);
    assertThat(rise[2]).isGreaterThan(1.5);
  }

  @Test
  void aStallShowsAtTheFirstUpdateWhateverTheRefresh() {
    double[] firstRise = new double[2];
    long[] intervals = {250_000_000L, 1_000_000_000L};
    for (int k = 0; k < 2; k++) {
      List<Endpoint> eps = Clusters.endpoints(1);
      FeatureExtractor fx = new FeatureExtractor(30_000);
      long now = 0;
      for (int u = 0; u < 40; u++) { // 10 s or 40 s of 1 ms replies
        now += intervals[k];
        finishAll(eps.get(0), 60, 1.0, now);
        fx.extract(Clusters.withCpu(eps, 0.5), now);
      }
      now += intervals[k];
      finishAll(eps.get(0), 60, 5.0, now); // then one window at 5 ms
      fx.extract(Clusters.withCpu(eps, 0.5), now);
      firstRise[k] = fx.latencyRise()[0];
    }
    // The recent mean moved 63% of the way to 5 ms at either refresh: a rise of about 2.5 at 250
    // ms and 2.0 at 1 s, where the 10 s baseline moves further in one update. A fixed 1 s constant
    // would give about 1.45 at 250 ms.
    assertThat(firstRise[0]).isGreaterThan(2.3);
    assertThat(firstRise[1]).isGreaterThan(1.8);
  }

  private static void finishAll(Endpoint e, int n, double ms, long now) {
    for (int i = 0; i < n; i++) {
      e.load().requestStarted();
      e.load().requestFinished((long) (ms * 1e6), true, now);
    }
  }

  /** 250 ms pass; each backend finishes 60 requests of the given latency; one update. */
  private static void stepAll(FeatureExtractor fx, List<Endpoint> eps, long[] now, double... ms) {
    now[0] += 250_000_000L;
    for (int b = 0; b < ms.length; b++) {
      for (int i = 0; i < 60; i++) {
        eps.get(b).load().requestStarted();
        eps.get(b).load().requestFinished((long) (ms[b] * 1e6), true, now[0]);
      }
    }
    fx.extract(Clusters.withCpu(eps, 0.5, 0.5, 0.5), now[0]);
  }

  /** 250 ms pass; b0 and b1 each finish {@code n} requests of the given latency; one update. */
  private static void step(
      FeatureExtractor fx, List<Endpoint> eps, long[] now, int n0, double ms0, int n1, double ms1) {
    now[0] += 250_000_000L;
    for (int i = 0; i < n0; i++) {
      eps.get(0).load().requestStarted();
      eps.get(0).load().requestFinished((long) (ms0 * 1e6), true, now[0]);
    }
    for (int i = 0; i < n1; i++) {
      eps.get(1).load().requestStarted();
      eps.get(1).load().requestFinished((long) (ms1 * 1e6), true, now[0]);
    }
    fx.extract(Clusters.withCpu(eps, 0.5, 0.5), now[0]);
  }

  private static void finish(Endpoint e) {
    e.load().requestStarted();
    e.load().requestFinished(1_000_000, true, 1);
  }
}
