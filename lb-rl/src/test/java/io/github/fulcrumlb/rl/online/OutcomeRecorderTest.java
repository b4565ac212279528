package io.github.fulcrumlb.rl.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.rl.Clusters;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutcomeRecorderTest {

  @Test
  void fixedPointLog2IsExactOnPowersOfTwoAndWithinAFractionElsewhere() {
    assertThat(OutcomeRecorder.log2Fixed(1)).isZero();
    assertThat(OutcomeRecorder.log2Fixed(1L << 20)).isEqualTo(20L << 16);
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      long x = 1 + random.nextLong(Long.MAX_VALUE / 2);
      double exact = Math.log(x) / Math.log(2);
      double approx = OutcomeRecorder.log2Fixed(x) / (double) OutcomeRecorder.LOG_ONE;
      assertThat(approx).isLessThanOrEqualTo(exact + 1e-9).isGreaterThan(exact - 0.087);
    }
  }

  @Test
  void sumsPerBackendWhatTheLearnerReads() {
    Endpoint[] eps = Clusters.endpoints(3).toArray(new Endpoint[0]);
    OutcomeRecorder r = new OutcomeRecorder(eps);
    eps[1].load().requestStarted(); // one still in flight when the others end
    r.record(eps[1], 4_096, true); // log2 = 12; cost 4096 / (1 + 1) -> log2 = 11
    r.record(eps[1], 4_096, true);
    r.record(eps[2], 1_000, false);

    long[] b1 = new long[OutcomeRecorder.FIELDS];
    r.read(1, b1);
    assertThat(b1[OutcomeRecorder.COUNT]).isEqualTo(2);
    assertThat(b1[OutcomeRecorder.SUM_LOG_LATENCY]).isEqualTo(2 * (12L << 16));
    assertThat(b1[OutcomeRecorder.SUM_LOG_COST]).isEqualTo(2 * (11L << 16));
    long[] b2 = new long[OutcomeRecorder.FIELDS];
    r.read(2, b2);
    assertThat(b2[OutcomeRecorder.COUNT]).isZero();
    assertThat(b2[OutcomeRecorder.FAILURES]).isEqualTo(1);
  }

  @Test
  void theNextOutcomeAfterAFrozenPickCountsForTheFrozenPolicy() {
    Endpoint[] eps = Clusters.endpoints(2).toArray(new Endpoint[0]);
    OutcomeRecorder r = new OutcomeRecorder(eps);
    r.markFrozen(0);
    r.record(eps[0], 1 << 10, true);
    r.record(eps[0], 1 << 10, true);

    long[] b0 = new long[OutcomeRecorder.FIELDS];
    r.read(0, b0);
    assertThat(b0[OutcomeRecorder.FROZEN_COUNT]).isEqualTo(1);
    assertThat(b0[OutcomeRecorder.FROZEN_PENDING]).isZero();
    assertThat(b0[OutcomeRecorder.FROZEN_SUM_LOG_LATENCY]).isEqualTo(10L << 16);
    assertThat(b0[OutcomeRecorder.SUM_LOG_LATENCY]).isEqualTo(10L << 16);
    assertThat(b0[OutcomeRecorder.COUNT]).isEqualTo(2); // both teach the cost
    assertThat(Math.sqrt(b0[OutcomeRecorder.FROZEN_SUM_SQUARED_LOG_LATENCY]) / 256.0)
        .isCloseTo(10, within(1e-9));
  }

  @Test
  void anEndpointItDoesNotKnowIsIgnoredAndCoversComparesIdentity() {
    Endpoint[] eps = Clusters.endpoints(2).toArray(new Endpoint[0]);
    Endpoint[] other = Clusters.endpoints(2).toArray(new Endpoint[0]); // equal ids, new objects
    OutcomeRecorder r = new OutcomeRecorder(eps);
    r.record(other[0], 1_000, true);

    long[] b0 = new long[OutcomeRecorder.FIELDS];
    r.read(0, b0);
    assertThat(b0[OutcomeRecorder.COUNT]).isZero();
    assertThat(r.slotOf(other[0])).isEqualTo(-1);
    assertThat(r.slotOf(eps[1])).isEqualTo(1);
    assertThat(r.covers(eps.clone())).isTrue();
    assertThat(r.covers(other)).isFalse();
  }
}
