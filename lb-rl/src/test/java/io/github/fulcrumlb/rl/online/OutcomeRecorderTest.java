package io.github.fulcrumlb.rl.online;

import static org.assertj.core.api.Assertions.assertThat;

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
  void sumsPerBackendWhatTheLearnerReadsInTheBankOfTheInterval() {
    Endpoint[] eps = Clusters.endpoints(3).toArray(new Endpoint[0]);
    OutcomeRecorder r = new OutcomeRecorder(eps);
    eps[1].load().requestStarted(); // one still in flight when the others end
    r.record(eps[1], 4_096_000, true, false); // 4096 us; cost 4096000 / (1 + 1)
    r.record(eps[1], 2_048_000, true, true); // in a control interval
    r.record(eps[2], 1_000, false, false);

    long[] b1 = new long[OutcomeRecorder.FIELDS];
    r.read(1, b1);
    assertThat(b1[OutcomeRecorder.SUM_LOG_COST])
        .isEqualTo(
            OutcomeRecorder.log2Fixed(4_096_000)
                + OutcomeRecorder.log2Fixed(2_048_000)
                - 2 * OutcomeRecorder.LOG_ONE);
    int adapted = OutcomeRecorder.BANK;
    int control = OutcomeRecorder.BANK + OutcomeRecorder.BANK_FIELDS;
    assertThat(b1[adapted + OutcomeRecorder.BANK_COUNT]).isEqualTo(1);
    assertThat(b1[adapted + OutcomeRecorder.BANK_SUM_MICROS]).isEqualTo(4_096);
    assertThat(b1[adapted + OutcomeRecorder.BANK_SUM_SQUARED_MICROS]).isEqualTo(4_096L * 4_096);
    assertThat(b1[control + OutcomeRecorder.BANK_COUNT]).isEqualTo(1);
    assertThat(b1[control + OutcomeRecorder.BANK_SUM_MICROS]).isEqualTo(2_048);
    assertThat(b1[control + OutcomeRecorder.BANK_SUM_SQUARED_MICROS]).isEqualTo(2_048L * 2_048);
    long[] b2 = new long[OutcomeRecorder.FIELDS];
    r.read(2, b2);
    assertThat(b2[OutcomeRecorder.BANK + OutcomeRecorder.BANK_COUNT]).isZero();
    assertThat(b2[OutcomeRecorder.FAILURES]).isEqualTo(1);
  }

  @Test
  void anEndpointItDoesNotKnowIsIgnoredAndCoversComparesIdentity() {
    Endpoint[] eps = Clusters.endpoints(2).toArray(new Endpoint[0]);
    Endpoint[] other = Clusters.endpoints(2).toArray(new Endpoint[0]); // equal ids, new objects
    OutcomeRecorder r = new OutcomeRecorder(eps);
    r.record(other[0], 1_000, true, false);

    long[] b0 = new long[OutcomeRecorder.FIELDS];
    r.read(0, b0);
    assertThat(b0[OutcomeRecorder.BANK + OutcomeRecorder.BANK_COUNT]).isZero();
    assertThat(r.slotOf(other[0])).isEqualTo(-1);
    assertThat(r.slotOf(eps[1])).isEqualTo(1);
    assertThat(r.covers(eps.clone())).isTrue();
    assertThat(r.covers(other)).isFalse();
  }
}
