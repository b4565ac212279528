package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrategyContextTest {

  private static final Duration MIN = Duration.ofMillis(1);
  private static final Duration MAX = Duration.ofHours(2);

  private static StrategyContext with(String key, String value) {
    return StrategyContext.builder().option(key, value).build();
  }

  @Test
  void defaultHasNoOptionsAndSystemTime() {
    assertThat(StrategyContext.DEFAULT.options()).isEmpty();
    assertThat(StrategyContext.DEFAULT.time()).isSameAs(TimeSource.SYSTEM);
    assertThat(StrategyContext.DEFAULT.random()).isSameAs(RandomSource.threadLocal());
  }

  @Test
  void builderKeepsInjectedTimeAndRandom() {
    TimeSource time =
        new TimeSource() {
          @Override
          public long nanoTime() {
            return 42;
          }

          @Override
          public long currentTimeMillis() {
            return 7;
          }
        };
    RandomSource random =
        new RandomSource() {
          @Override
          public int nextInt(int bound) {
            return 0;
          }

          @Override
          public long nextLong() {
            return 0;
          }
        };

    StrategyContext ctx = StrategyContext.builder().time(time).random(random).build();

    assertThat(ctx.time()).isSameAs(time);
    assertThat(ctx.random()).isSameAs(random);
  }

  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "10s, PT10S",
    "2m, PT2M",
    "1h, PT1H",
    "PT10S, PT10S",
    "pt1.5s, PT1.5S",
    "' 5S ', PT5S",
    "300MS, PT0.3S"
  })
  void parsesDurationsInShortAndIsoForms(String text, String expected) {
    assertThat(with("decay", text).durationOption("decay", MAX, MIN, MAX))
        .isEqualTo(Duration.parse(expected));
  }

  @Test
  void absentDurationGivesTheDefault() {
    assertThat(StrategyContext.DEFAULT.durationOption("decay", Duration.ofSeconds(3), MIN, MAX))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "ten seconds", "5d", "ms", "1.5s", "P", "PTXS", "s10"})
  void rejectsUnparsableDurationNamingOptionAndText(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with("decay", text).durationOption("decay", MAX, MIN, MAX))
        .withMessageContaining("\"decay\"")
        .withMessageContaining("must be a duration")
        .withMessageContaining('"' + text + '"');
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5s", "PT-1S"})
  void rejectsNegativeDurationNamingOptionAndText(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with("decay", text).durationOption("decay", MAX, MIN, MAX))
        .withMessageContaining("\"decay\"")
        .withMessageContaining("must not be negative")
        .withMessageContaining('"' + text + '"');
  }

  @ParameterizedTest
  @ValueSource(strings = {"0ms", "3h"})
  void rejectsDurationOutOfRangeNamingOptionBoundsAndText(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with("decay", text).durationOption("decay", MAX, MIN, MAX))
        .withMessageContaining("\"decay\"")
        .withMessageContaining("[PT0.001S, PT2H]")
        .withMessageContaining('"' + text + '"');
  }

  @Test
  void parsesIntAndDoubleOptions() {
    StrategyContext ctx =
        StrategyContext.builder().options(Map.of("choices", " 3 ", "alpha", "0.25")).build();

    assertThat(ctx.intOption("choices", 2, 1, 10)).isEqualTo(3);
    assertThat(ctx.doubleOption("alpha", 0.5, 0, 1)).isEqualTo(0.25);
    assertThat(ctx.intOption("absent", 2, 1, 10)).isEqualTo(2);
    assertThat(ctx.doubleOption("absent", 0.5, 0, 1)).isEqualTo(0.5);
    assertThat(ctx.stringOption("absent", "x")).isEqualTo("x");
    assertThat(ctx.stringOption("choices", "x")).isEqualTo(" 3 ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"three", "1.5", "", "99999999999999999999"})
  void rejectsIntOptionThatIsNotAnIntegerNamingOptionAndText(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with("choices", text).intOption("choices", 2, 1, 10))
        .withMessageContaining("\"choices\" must be an integer")
        .withMessageContaining('"' + text + '"');
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "11", "-1", "4294967297"})
  void rejectsIntOptionOutOfRangeNamingOptionAndValue(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with("choices", text).intOption("choices", 2, 1, 10))
        .withMessageContaining("\"choices\" must be in [1, 10]")
        .withMessageContaining("but was " + text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"half", "", "0.5.1"})
  void rejectsDoubleOptionThatIsNotANumberNamingOptionAndText(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with("alpha", text).doubleOption("alpha", 0.5, 0, 1))
        .withMessageContaining("\"alpha\" must be a number")
        .withMessageContaining('"' + text + '"');
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "-0.1", "1.5", "Infinity"})
  void rejectsDoubleOptionOutOfRangeOrNanNamingOptionAndValue(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with("alpha", text).doubleOption("alpha", 0.5, 0, 1))
        .withMessageContaining("\"alpha\" must be in [0.0, 1.0]")
        .withMessageContaining("but was " + Double.parseDouble(text));
  }

  @Test
  void requireOnlyAcceptsKnownOptions() {
    StrategyContext ctx = with("decay", "10s");

    assertThatNoException().isThrownBy(() -> ctx.requireOnly("peak-ewma", Set.of("decay")));
  }

  @Test
  void requireOnlyRejectsUnknownOptionNamingStrategyOptionAndKnownOnes() {
    StrategyContext ctx = with("dekay", "10s");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ctx.requireOnly("peak-ewma", List.of("penalty", "decay")))
        .withMessageContaining("\"peak-ewma\"")
        .withMessageContaining("\"dekay\"")
        .withMessageContaining("known options: [decay, penalty]");
  }

  @Test
  void requireOnlySaysNoneWhenTheStrategyTakesNoOptions() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with("x", "1").requireOnly("round-robin", List.of()))
        .withMessageContaining("known options: none");
  }

  @Test
  void builderRejectsBlankKeyAndNullValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StrategyContext.builder().option(" ", "1"))
        .withMessageContaining("option key");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StrategyContext.builder().option("decay", null))
        .withMessageContaining("\"decay\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StrategyContext.builder().time(null))
        .withMessageContaining("StrategyContext.time");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StrategyContext.builder().random(null))
        .withMessageContaining("StrategyContext.random");
  }

  @Test
  void optionsAreACopy() {
    StrategyContext.Builder builder = StrategyContext.builder().option("a", "1");
    StrategyContext ctx = builder.build();
    builder.option("b", "2");

    assertThat(ctx.options()).containsOnlyKeys("a");
    assertThat(ctx.options()).isUnmodifiable();
  }

  @ParameterizedTest
  @CsvSource({"true,true", "TRUE,true", " false ,false", "False,false"})
  void booleanOptionReadsTrueAndFalseInAnyCase(String text, boolean expected) {
    assertThat(with("online", text).booleanOption("online", !expected)).isEqualTo(expected);
  }

  @Test
  void booleanOptionDefaultsWhenAbsentAndRejectsOtherWords() {
    assertThat(StrategyContext.DEFAULT.booleanOption("online", true)).isTrue();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with("online", "yes").booleanOption("online", false))
        .withMessage("Option \"online\" must be true or false but was \"yes\"");
  }
}
