package io.github.fulcrumlb.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlowStartTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void offGivesFullWeightAtOnce() {
    assertThat(SlowStart.off().enabled()).isFalse();
    assertThat(SlowStart.off().weightFactor(0)).isEqualTo(1.0);
  }

  @Test
  void weightRampsLinearlyFromTheMinimumToFullOverTheWindow() {
    SlowStart s = SlowStart.over(Duration.ofSeconds(10));
    assertThat(s.minWeightPercent()).isEqualTo(10.0);
    assertThat(s.weightFactor(0)).isCloseTo(0.10, within(1e-12));
    assertThat(s.weightFactor(5 * SECOND)).isCloseTo(0.55, within(1e-12));
    assertThat(s.weightFactor(10 * SECOND - 1)).isLessThan(1.0);
    assertThat(s.weightFactor(10 * SECOND)).isEqualTo(1.0);
    assertThat(s.weightFactor(60 * SECOND)).isEqualTo(1.0);
    assertThat(SlowStart.over(Duration.ofSeconds(10), 50).weightFactor(5 * SECOND))
        .isCloseTo(0.75, within(1e-12));
  }

  @Test
  void rejectsEmptyWindowAndMinimumOutOfRange() {
    assertThatThrownBy(() -> SlowStart.over(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SlowStart.window must be > 0 but was PT0S");
    assertThatThrownBy(() -> SlowStart.over(Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SlowStart.minWeightPercent must be in (0, 100] but was 0.0");
    assertThatThrownBy(() -> SlowStart.over(Duration.ofSeconds(1), 101))
        .hasMessage("SlowStart.minWeightPercent must be in (0, 100] but was 101.0");
    assertThatThrownBy(() -> SlowStart.over(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("SlowStart.window must not be null");
  }
}
