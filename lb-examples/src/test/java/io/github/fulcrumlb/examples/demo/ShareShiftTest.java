package io.github.fulcrumlb.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ShareShiftTest {

  @Test
  void splitsSharesAtTheNeighboursStartAndTimesTheFallBelowHalf() {
    ShareShift shift = new ShareShift(2, 0);
    shift.observe(1.0, new long[] {50, 50});
    assertThat(shift.before(0)).isEqualTo(0.5); // everything so far, while it has not started
    assertThat(shift.after(0)).isNaN();
    shift.neighbourStarted(2.0, new long[] {100, 100});
    // 2.0-2.25 s: still 40% on backend-0; 2.25-2.5 s: 20%, under half of 50%.
    shift.observe(2.1, new long[] {104, 106});
    assertThat(shift.secondsToHalf()).isNaN(); // window not full yet
    shift.observe(2.25, new long[] {120, 130});
    assertThat(shift.secondsToHalf()).isNaN();
    shift.observe(2.5, new long[] {130, 170});
    assertThat(shift.secondsToHalf()).isCloseTo(0.5, within(1e-9));
    shift.observe(4.0, new long[] {200, 400});
    assertThat(shift.before(0)).isEqualTo(0.5);
    assertThat(shift.after(0)).isCloseTo(100 / 400.0, within(1e-12));
    assertThat(shift.after(1)).isCloseTo(300 / 400.0, within(1e-12));
    assertThat(shift.secondsToHalf()).isCloseTo(0.5, within(1e-9)); // the first time counts
  }

  @Test
  void aWindowWithTooFewDatagramsWaitsForMore() {
    ShareShift shift = new ShareShift(2, 1);
    shift.neighbourStarted(0, new long[] {0, 0});
    shift.observe(1.0, new long[] {10, 0}); // 10 datagrams: too few to judge
    assertThat(shift.secondsToHalf()).isNaN();
    shift.observe(2.0, new long[] {30, 0});
    assertThat(shift.secondsToHalf()).isNaN(); // it had no share before: nothing to halve
  }

  @Test
  void neverFallingStaysNaN() {
    ShareShift shift = new ShareShift(2, 0);
    shift.neighbourStarted(1.0, new long[] {100, 100});
    for (int k = 1; k <= 20; k++) {
      shift.observe(1.0 + 0.25 * k, new long[] {100 + 50 * k, 100 + 50 * k});
    }
    assertThat(shift.secondsToHalf()).isNaN();
    assertThat(shift.after(0)).isEqualTo(0.5);
  }
}
