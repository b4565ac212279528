package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lb-api's entry points fed careless input: each case states the input and the clear error (naming
 * the source and the text) or what survives.
 */
class ApiHostileInputTest {

  /**
   * Input: a negative duration in any form. Error: "must not be negative", naming flag and text.
   */
  @ParameterizedTest
  @ValueSource(strings = {"-1s", "-250ms", "-2m", "-1h", "PT-1S", "-PT1S", " -0001s "})
  void negativeDurationIsRejectedNamingTheSource(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DurationText.parse("--stats-interval", text))
        .withMessage(
            "--stats-interval must not be negative but was \"" + text + "\"; give 0s or more");
  }

  /** Input: text that is no duration (or overflows). Error: the forms that work, and the text. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "10",
        "5d",
        "ms",
        "1.5s",
        "P",
        "s10",
        "ten seconds",
        "99999999999999999999s",
        "9223372036854775807h"
      })
  void textThatIsNoDurationIsRejectedWithTheFormsThatWork(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DurationText.parse("--idle-timeout", text))
        .withMessage(
            "--idle-timeout must be a duration such as 250ms, 10s, 2m, 1h or PT10S but"
                + " was \""
                + text
                + "\"");
  }

  /** Input: a null text. Error: names the source, no NullPointerException. */
  @Test
  void nullDurationIsRejectedNamingTheSource() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DurationText.parse("Option \"decay\"", null))
        .withMessageStartingWith("Option \"decay\" must be a duration");
  }

  /** Input: the accepted forms, with spaces and either case. Survives: parsed alike everywhere. */
  @Test
  void acceptedFormsParse() {
    assertThat(DurationText.parse("x", " 250MS ")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationText.parse("x", "0s")).isEqualTo(Duration.ZERO);
    assertThat(DurationText.parse("x", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationText.parse("x", "pt1.5s")).isEqualTo(Duration.ofMillis(1500));
  }

  /** Input: a request ended twice on a tracker. Survives: in flight 0, never -1; refused once. */
  @Test
  void endingARequestTwiceNeverDrivesInFlightNegative() {
    LoadTracker load = new LoadTracker(1_000_000_000L, 0);
    load.requestStarted();

    assertThat(load.endRequest()).isTrue();
    assertThat(load.endRequest()).isFalse();
    load.requestCancelled();
    load.requestStarted();

    assertThat(load.inFlight()).isEqualTo(1);
  }
}
