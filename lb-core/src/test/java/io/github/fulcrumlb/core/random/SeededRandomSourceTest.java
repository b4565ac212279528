package io.github.fulcrumlb.core.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SeededRandomSourceTest {

  @Test
  void equalSeedsGiveEqualSequences() {
    SeededRandomSource a = new SeededRandomSource(7);
    SeededRandomSource b = new SeededRandomSource(7);
    for (int i = 0; i < 1000; i++) {
      assertThat(a.nextLong()).isEqualTo(b.nextLong());
    }
  }

  @Test
  void nextIntIsUniformOverItsBound() {
    SeededRandomSource r = new SeededRandomSource(1);
    int[] counts = new int[5];
    int draws = 500_000;
    for (int i = 0; i < draws; i++) {
      counts[r.nextInt(5)]++;
    }
    for (int c : counts) {
      assertThat((double) c / draws).isCloseTo(0.2, within(0.005));
    }
  }

  @Test
  void rejectsNonPositiveBound() {
    assertThatThrownBy(() -> new SeededRandomSource(1).nextInt(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bound")
        .hasMessageContaining("0");
  }
}
