package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategySpecTest {

  @Test
  void aBareNameHasNoOptionsAndIsItsOwnLabel() {
    StrategySpec spec = StrategySpec.parse(" p2c ");

    assertThat(spec.name()).isEqualTo("p2c");
    assertThat(spec.options()).isEmpty();
    assertThat(spec.label()).isEqualTo("p2c");
  }

  @Test
  void readsOptionsInBracketsInOrderAndKeepsTheTextAsLabel() {
    StrategySpec spec = StrategySpec.parse("rl[online=false, scan = 8,model=a=b.rlmodel]");

    assertThat(spec.name()).isEqualTo("rl");
    assertThat(spec.options())
        .containsExactly(
            entry("online", "false"), entry("scan", "8"), entry("model", "a=b.rlmodel"));
    assertThat(spec.label()).isEqualTo("rl[online=false, scan = 8,model=a=b.rlmodel]");
    assertThat(spec).hasToString(spec.label());
  }

  @Test
  void bracketOptionsWinOverTheBase() {
    StrategySpec spec = StrategySpec.parse("rl[model=mine.rlmodel]");

    Map<String, String> merged =
        spec.optionsOver(Map.of("model", "flag.rlmodel", "stale-after", "20s"));

    assertThat(merged).containsOnly(entry("model", "mine.rlmodel"), entry("stale-after", "20s"));
  }

  @Test
  void splitsAListAtCommasOutsideBrackets() {
    assertThat(StrategySpec.splitList("rl, rl[online=false,scan=8],p2c"))
        .containsExactly("rl", "rl[online=false,scan=8]", "p2c");
    assertThat(StrategySpec.parseList("rl[a=1,b=2],peak-ewma"))
        .extracting(StrategySpec::label)
        .containsExactly("rl[a=1,b=2]", "peak-ewma");
  }

  @Test
  void specsWrittenAlikeAreEqual() {
    assertThat(StrategySpec.parse("rl[scan=8]")).isEqualTo(StrategySpec.parse(" rl[scan=8]"));
    assertThat(StrategySpec.parse("rl[scan=8]")).isNotEqualTo(StrategySpec.parse("rl"));
    assertThat(StrategySpec.parse("rl[scan=8]").hashCode())
        .isEqualTo(StrategySpec.parse("rl[scan=8]").hashCode());
  }

  @Test
  void malformedSpecsAreErrorsNamingTheSpec() {
    for (List<String> c :
        List.of(
            List.of("rl[online=false", "Strategy spec \"rl[online=false\" has no closing ']'"),
            List.of("rl[=false]", "has an option with an empty key"),
            List.of("rl[online=false,online=true]", "gives option \"online\" twice"),
            List.of("rl[online]", "has option \"online\" without '='"),
            List.of("rl[online=]", "has option \"online\" with an empty value"),
            List.of("rl[]", "has empty brackets"),
            List.of("rl[a=1]x", "has text after its closing ']'"),
            List.of("rl[a=[1]]", "has a '[' inside its brackets"),
            List.of("[a=1]", "has no strategy name"),
            List.of("rl]", "has a ']' without '['"),
            List.of("", "has no strategy name"))) {
      assertThatThrownBy(() -> StrategySpec.parse(c.get(0)))
          .as(c.get(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c.get(1))
          .hasMessageContaining('"' + c.get(0) + '"');
    }
  }

  @Test
  void malformedListsAreErrors() {
    assertThatThrownBy(() -> StrategySpec.splitList("rl,,p2c"))
        .hasMessageContaining("empty item")
        .hasMessageContaining("\"rl,,p2c\"");
    assertThatThrownBy(() -> StrategySpec.splitList("p2c,")).hasMessageContaining("empty item");
    assertThatThrownBy(() -> StrategySpec.parseList("p2c,rl[online=false,scan=8"))
        .hasMessage("Strategy spec \"rl[online=false,scan=8\" has no closing ']'");
  }
}
