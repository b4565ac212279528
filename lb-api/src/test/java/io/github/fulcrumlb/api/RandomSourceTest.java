package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RandomSourceTest {

  @Test
  void threadLocalNextIntStaysWithinItsBoundAndSpreadsUniformly() {
    RandomSource random = RandomSource.threadLocal();
    int bound = 7;
    int draws = 700_000;
    int[] counts = new int[bound];
    for (int i = 0; i < draws; i++) {
      int value = random.nextInt(bound);
      assertThat(value).isBetween(0, bound - 1);
      counts[value]++;
    }
    for (int c : counts) {
      assertThat((double) c / draws).isCloseTo(1.0 / bound, within(0.004));
    }
  }

  @Test
  void threadLocalNextIntReachesTheEndsOfALargeBound() {
    RandomSource random = RandomSource.threadLocal();
    boolean sawUpperHalf = false;
    for (int i = 0; i < 1_000 && !sawUpperHalf; i++) {
      sawUpperHalf = random.nextInt(Integer.MAX_VALUE) > Integer.MAX_VALUE / 2;
    }
    assertThat(sawUpperHalf).isTrue();
    assertThat(random.nextInt(1)).isZero();
  }

  @Test
  void threadLocalNextIntRejectsANonPositiveBound() {
    assertThatThrownBy(() -> RandomSource.threadLocal().nextInt(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bound")
        .hasMessageContaining("0");
  }
}
