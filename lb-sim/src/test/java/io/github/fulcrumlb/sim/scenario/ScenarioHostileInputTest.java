package io.github.fulcrumlb.sim.scenario;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario files written carelessly or with hostile intent: each case states the YAML and the
 * one-line error (file, line, field, problem) expected instead of a crash, a hang or a silent
 * default.
 */
class ScenarioHostileInputTest {
  private static final String OK_TAIL = "arrivals: {load: 0.5}\n";

  static Stream<Arguments> badScenarios() {
    return Stream.of(
        Arguments.of(
            "name: x\nbackends:\n  - rate: 1e400\n" + OK_TAIL,
            "x.yaml:3: backends[0].rate: must be a finite number but was 1e400"),
        Arguments.of(
            "name: x\nbackends:\n  - rate: NaN\n" + OK_TAIL,
            "x.yaml:3: backends[0].rate: must be a finite number but was NaN"),
        Arguments.of(
            "name: x\nbackends:\n  - rate: -1\n" + OK_TAIL,
            "x.yaml:3: backends[0].rate: must be a number > 0 but was -1"),
        Arguments.of(
            "name: x\nbackends: [{rate: 100}]\narrivals: {load: .inf}\n",
            "x.yaml:3: arrivals.load: must be a number but was \".inf\""),
        Arguments.of(
            "name: x\nbackends: [{rate: 100}]\n" + OK_TAIL + "requests: 99999999999999999999\n",
            "x.yaml:4: requests: must be a whole number but was \"99999999999999999999\""),
        Arguments.of(
            "name: x\nbackends:\n  - rate: 1\n"
                + "    background: {kind: constant, level: 0.5, priority: urgent}\n"
                + OK_TAIL,
            "x.yaml:4: backends[0].background.priority: must be one of [normal, idle] but was"
                + " \"urgent\""),
        Arguments.of("", "x.yaml:1: the file is empty"),
        Arguments.of("- a\n- b\n", "x.yaml:1: must be a mapping of fields (key: value)"));
  }

  /** Input: each YAML above. Expected: its one-line error naming file, line and field. */
  @ParameterizedTest
  @MethodSource("badScenarios")
  void badScenarioIsOneLineNamingFileLineAndField(String yaml, String expected) {
    assertThatThrownBy(() -> ScenarioLoader.parse("x.yaml", yaml))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(expected);
  }

  /** Input: YAML aliases nested to a billion nodes. Expected: an error, not memory exhaustion. */
  @org.junit.jupiter.api.Test
  void billionLaughsIsRefused() {
    String yaml =
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            + "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n";
    assertThatThrownBy(() -> ScenarioLoader.parse("x.yaml", yaml))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("x.yaml:");
  }
}
