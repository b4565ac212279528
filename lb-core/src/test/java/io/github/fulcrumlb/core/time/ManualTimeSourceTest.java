package io.github.fulcrumlb.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ManualTimeSourceTest {

  @Test
  void bothClocksAdvanceTogetherOnlyWhenTold() {
    ManualTimeSource time = new ManualTimeSource(1_000);
    assertThat(time.nanoTime()).isZero();
    assertThat(time.currentTimeMillis()).isEqualTo(1_000);
    time.advance(Duration.ofMillis(1500));
    assertThat(time.nanoTime()).isEqualTo(1_500_000_000L);
    assertThat(time.currentTimeMillis()).isEqualTo(2_500);
  }

  @Test
  void refusesToGoBack() {
    assertThatThrownBy(() -> new ManualTimeSource().advanceNanos(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
