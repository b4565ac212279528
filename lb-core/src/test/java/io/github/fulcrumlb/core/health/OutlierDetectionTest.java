package io.github.fulcrumlb.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutlierDetectionTest {

  @Test
  void defaultsEjectAfterFiveFailuresForThirtyToThreeHundredSeconds() {
    OutlierDetection d = OutlierDetection.defaults();
    assertThat(d.enabled()).isTrue();
    assertThat(d.consecutiveFailures()).isEqualTo(5);
    assertThat(d.baseEjectionTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.maxEjectionTime()).isEqualTo(Duration.ofSeconds(300));
    assertThat(d.maxEjectionPercent()).isEqualTo(10.0);
    assertThat(d.panicThresholdPercent()).isEqualTo(50.0);
    assertThat(OutlierDetection.builder().build()).isEqualTo(d);
  }

  @Test
  void ejectionTimeDoublesPerLevelAndIsCappedWithoutOverflow() {
    OutlierDetection d = OutlierDetection.defaults();
    assertThat(d.ejectionTime(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.ejectionTime(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.ejectionTime(3)).isEqualTo(Duration.ofSeconds(120));
    assertThat(d.ejectionTime(4)).isEqualTo(Duration.ofSeconds(240));
    assertThat(d.ejectionTime(5)).isEqualTo(Duration.ofSeconds(300));
    assertThat(d.ejectionTime(64)).isEqualTo(Duration.ofSeconds(300));
    assertThat(d.ejectionTime(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(300));
    assertThatThrownBy(() -> d.ejectionTime(0))
        .hasMessage("OutlierDetection ejection level must be >= 1 but was 0");
  }

  @Test
  void atLeastOneBackendMayBeEjectedWhateverThePercent() {
    OutlierDetection d = OutlierDetection.defaults();
    assertThat(d.maxEjected(1)).isEqualTo(1);
    assertThat(d.maxEjected(9)).isEqualTo(1);
    assertThat(d.maxEjected(25)).isEqualTo(2);
    assertThat(OutlierDetection.builder().maxEjectionPercent(100).build().maxEjected(4))
        .isEqualTo(4);
  }

  @Test
  void panicStartsBelowTheThresholdNotAtIt() {
    OutlierDetection d = OutlierDetection.defaults();
    assertThat(d.isPanic(2, 4)).isFalse();
    assertThat(d.isPanic(1, 4)).isTrue();
    assertThat(d.isPanic(0, 0)).as("no members, no panic").isFalse();
    assertThat(OutlierDetection.builder().panicThresholdPercent(0).build().isPanic(0, 4)).isFalse();
    assertThat(OutlierDetection.disabled().isPanic(0, 4)).isFalse();
  }

  @Test
  void eachSettingRejectsValuesOutOfRangeNamingFieldAndValue() {
    OutlierDetection.Builder b = OutlierDetection.builder();
    assertThatThrownBy(() -> b.consecutiveFailures(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OutlierDetection.consecutiveFailures must be >= 1 but was 0");
    assertThatThrownBy(() -> b.baseEjectionTime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OutlierDetection.baseEjectionTime must be > 0 but was PT0S");
    assertThatThrownBy(() -> b.maxEjectionTime(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OutlierDetection.maxEjectionTime must be > 0 but was PT-5S");
    assertThatThrownBy(() -> b.maxEjectionPercent(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OutlierDetection.maxEjectionPercent must be in (0, 100] but was 0.0");
    assertThatThrownBy(() -> b.maxEjectionPercent(100.5))
        .hasMessage("OutlierDetection.maxEjectionPercent must be in (0, 100] but was 100.5");
    assertThatThrownBy(() -> b.panicThresholdPercent(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OutlierDetection.panicThresholdPercent must be in [0, 100] but was -1.0");
    assertThatThrownBy(() -> b.panicThresholdPercent(Double.NaN))
        .hasMessage("OutlierDetection.panicThresholdPercent must be in [0, 100] but was NaN");
  }

  @Test
  void maxEjectionTimeBelowBaseIsRejectedAtBuild() {
    assertThatThrownBy(
            () ->
                OutlierDetection.builder()
                    .baseEjectionTime(Duration.ofSeconds(60))
                    .maxEjectionTime(Duration.ofSeconds(10))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "OutlierDetection.maxEjectionTime must be >= baseEjectionTime (PT1M) but was PT10S");
  }
}
