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

  private static void finish(Endpoint e) {
    e.load().requestStarted();
    e.load().requestFinished(1_000_000, true, 1);
  }
}
