package io.github.fulcrumlb.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  private static double meanOf(SizeDistribution d, int n) {
    SplittableRandom r = new SplittableRandom(9);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += d.sample(r);
    }
    return sum / n;
  }

  @Test
  void sizeDistributionsHaveTheirMeans() {
    assertThat(meanOf(new SizeDistribution.Exponential(2), 400_000)).isCloseTo(2, within(0.02));
    assertThat(meanOf(new SizeDistribution.Bimodal(1, 10, 0.1), 400_000))
        .isCloseTo(1.9, within(0.02));
    assertThat(meanOf(new SizeDistribution.Constant(3), 10)).isEqualTo(3);
    // Pareto(2.5) has finite variance: its sample mean converges quickly enough to check
    assertThat(meanOf(new SizeDistribution.Pareto(2.5, 1), 1_000_000)).isCloseTo(1, within(0.02));
    assertThat(new SizeDistribution.Pareto(1.5, 0.01).scale()).isCloseTo(0.01 / 3, within(1e-12));
  }

  private static long arrivalsUntil(ArrivalSpec spec, double seconds) {
    ArrivalProcess p = new ArrivalProcess(spec, new SplittableRandom(4));
    long n = 0;
    double last = 0;
    while (true) {
      double t = p.nextSeconds();
      assertThat(t).isGreaterThanOrEqualTo(last);
      last = t;
      if (t > seconds) {
        return n;
      }
      n++;
    }
  }

  @Test
  void poissonBurstyAndDiurnalProcessesKeepTheirMeanRate() {
    assertThat(arrivalsUntil(ArrivalSpec.poisson(100), 2_000) / 2_000.0)
        .isCloseTo(100, within(1.0));
    ArrivalSpec mmpp = new ArrivalSpec(ArrivalSpec.Process.MMPP, 100, 3, 20, 5, 1, 0, List.of());
    assertThat(arrivalsUntil(mmpp, 20_000) / 20_000.0).isCloseTo(100, within(2.0));
    ArrivalSpec diurnal =
        new ArrivalSpec(ArrivalSpec.Process.DIURNAL, 100, 1, 1, 1, 100, 0.8, List.of());
    assertThat(arrivalsUntil(diurnal, 2_000) / 2_000.0).isCloseTo(100, within(1.0));
    // the first half of each cycle (sine above zero) is busier than the second
    assertThat(arrivalsUntil(diurnal, 50))
        .isGreaterThan(arrivalsUntil(diurnal, 100) - arrivalsUntil(diurnal, 50));
  }

  @Test
  void surgeMultipliesTheRateInItsWindowOnly() {
    ArrivalSpec spec =
        new ArrivalSpec(
            ArrivalSpec.Process.POISSON,
            100,
            1,
            1,
            1,
            1,
            0,
            List.of(new ArrivalSpec.Surge(100, 50, 3)));
    long before = arrivalsUntil(spec, 100);
    long during = arrivalsUntil(spec, 150) - before;
    assertThat(before / 100.0).isCloseTo(100, within(5.0));
    assertThat(during / 50.0).isCloseTo(300, within(15.0));
  }

  @Test
  void zipfKeysFavourTheFirstKeysAndNoKeysAreAllDistinct() {
    KeySampler zipf = new KeySampler(new KeySpec(1000, 1.0), new SplittableRandom(1));
    Map<Long, Integer> counts = new HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      counts.merge(zipf.next(), 1, Integer::sum);
    }
    int top = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    // key 1 of 1000 under Zipf(1) has probability 1 / H(1000) = 13.4%
    assertThat(top / 100_000.0).isCloseTo(0.134, within(0.01));
    assertThat(counts).hasSizeLessThanOrEqualTo(1000);
    KeySampler none = new KeySampler(KeySpec.NONE, new SplittableRandom(1));
    assertThat(none.next()).isNotEqualTo(none.next());
  }
}
