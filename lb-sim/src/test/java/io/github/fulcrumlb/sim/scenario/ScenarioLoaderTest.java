package io.github.fulcrumlb.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.sim.cluster.BackgroundSpec;
import io.github.fulcrumlb.sim.cluster.FaultSpec;
import io.github.fulcrumlb.sim.workload.ArrivalSpec;
import io.github.fulcrumlb.sim.workload.SizeDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {
  private static final String MINIMAL =
      """
      name: tiny
      backends:
        - rate: 10
      arrivals:
        load: 0.5
      """;

  @Test
  void loadsEveryBundledScenario() {
    assertThat(ScenarioLoader.bundledNames())
        .containsExactly(
            "homogeneous",
            "heterogeneous",
            "noisy-neighbour",
            "stale-herd",
            "multi-balancer",
            "flash-crowd",
            "backend-failure",
            "stall-neighbour",
            "no-metrics",
            "drift");
    for (String name : ScenarioLoader.bundledNames()) {
      Scenario s = ScenarioLoader.bundled(name);
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.description()).isNotBlank();
    }
  }

  @Test
  void driftIsHeldOutOfTraining() {
    assertThat(ScenarioLoader.trainableNames())
        .doesNotContain("drift")
        .containsExactlyElementsOf(
            ScenarioLoader.bundledNames().stream().filter(n -> !n.equals("drift")).toList());
  }

  @Test
  void driftMovesAnOffCpuSlowdownFromB0ToB5AtTheWindowStart() {
    Scenario s = ScenarioLoader.bundled("drift");
    assertThat(s.backends()).hasSize(6);
    assertThat(s.load()).isCloseTo(0.7, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(s.faults())
        .containsExactly(
            new FaultSpec.Slowdown("b0", 0, 160, 5, true),
            new FaultSpec.Slowdown("b5", 150, Double.POSITIVE_INFINITY, 5, true));
    assertThat(s.window()).isEqualTo(ReportWindow.from(150));
    assertThat(s.requests() / s.arrivals().rate()).isGreaterThan(290); // 140 s after the change
  }

  @Test
  void readsOffCpuSlowdownsAndTheReportWindow() {
    Scenario s =
        ScenarioLoader.parse(
            "w.yaml",
            MINIMAL
                + """
                faults:
                  - {kind: slowdown, backend: b0, at: 1s, factor: 2, offCpu: true}
                  - {kind: slowdown, backend: b0, at: 1s, factor: 2}
                window: {from: 2m, to: 3m}
                """);
    assertThat(s.faults())
        .containsExactly(
            new FaultSpec.Slowdown("b0", 1, Double.POSITIVE_INFINITY, 2, true),
            new FaultSpec.Slowdown("b0", 1, Double.POSITIVE_INFINITY, 2, false));
    assertThat(s.window()).isEqualTo(new ReportWindow(120, 180));
    assertThat(ScenarioLoader.parse("tiny.yaml", MINIMAL).window()).isEqualTo(ReportWindow.NONE);
    assertThat(s.withSeed(3).window()).isEqualTo(s.window());
  }

  @Test
  void rejectsBadOffCpuAndWindowFields() {
    assertThatThrownBy(
            () ->
                ScenarioLoader.parse(
                    "x.yaml",
                    MINIMAL + "faults:\n  - {kind: crash, backend: b0, at: 1s, offCpu: true}\n"))
        .hasMessageContaining("only a slowdown has offCpu");
    assertThatThrownBy(
            () ->
                ScenarioLoader.parse(
                    "x.yaml",
                    MINIMAL
                        + "faults:\n  - {kind: slowdown, backend: b0, at: 1s, factor: 2,"
                        + " offCpu: maybe}\n"))
        .hasMessageContaining("offCpu")
        .hasMessageContaining("must be one of [true, false]");
    assertThatThrownBy(
            () -> ScenarioLoader.parse("x.yaml", MINIMAL + "window: {from: 10s, to: 5s}\n"))
        .hasMessageContaining("window.to")
        .hasMessageContaining("must be later than from");
    assertThatThrownBy(() -> ScenarioLoader.parse("x.yaml", MINIMAL + "window: {to: 5s}\n"))
        .hasMessageContaining("window.from");
  }

  @Test
  void heterogeneousIsParksEnvironment() {
    Scenario s = ScenarioLoader.bundled("heterogeneous");
    assertThat(s.backends()).hasSize(10);
    assertThat(s.backends().get(0).rate()).isEqualTo(0.15);
    assertThat(s.backends().get(9).rate()).isEqualTo(1.05);
    assertThat(s.sizes()).isEqualTo(new SizeDistribution.Pareto(1.5, 0.01));
    assertThat(s.load()).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void appliesDefaultsToAMinimalFile() {
    Scenario s = ScenarioLoader.parse("tiny.yaml", MINIMAL);
    assertThat(s.seed()).isEqualTo(1);
    assertThat(s.requests()).isEqualTo(1_000_000);
    assertThat(s.warmup()).isEqualTo(100_000);
    assertThat(s.backends().get(0).id()).isEqualTo("b0");
    assertThat(s.arrivals().rate()).isEqualTo(5.0);
    assertThat(s.metrics().periodSeconds()).isEqualTo(10);
    assertThat(s.balancers().count()).isEqualTo(1);
  }

  @Test
  void readsDurationsUnitsGroupsBackgroundAndFaults() {
    Scenario s =
        ScenarioLoader.parse(
            "full.yaml",
            """
            name: full
            backends:
              - id: web
                count: 2
                rate: 5
                background: {kind: on-off, level: 0.5, meanOn: 2m, meanOff: 500ms}
              - id: db
                rate: 7
                background: {kind: steps, steps: [{at: 1m, level: 0.9}], priority: idle}
            arrivals: {process: diurnal, rate: 3, period: 1h, amplitude: 0.5,
                       surges: [{at: 10s, duration: 1m, factor: 2}]}
            faults:
              - {kind: crash, backend: web-1, at: 5s}
              - {kind: slowdown, backend: all, at: 1d, duration: 2h, factor: 3}
            """);
    assertThat(s.backends()).extracting(b -> b.id()).containsExactly("web-0", "web-1", "db");
    assertThat(s.backends().get(0).background())
        .isEqualTo(new BackgroundSpec.OnOff(0.5, 0, 120, 0.5));
    assertThat(s.backends().get(2).background())
        .isEqualTo(
            new BackgroundSpec.Idle(
                new BackgroundSpec.Steps(0, List.of(new BackgroundSpec.Step(60, 0.9)))));
    assertThat(s.arrivals().process()).isEqualTo(ArrivalSpec.Process.DIURNAL);
    assertThat(s.arrivals().periodSeconds()).isEqualTo(3600);
    assertThat(s.faults().get(0))
        .isEqualTo(new FaultSpec.Crash("web-1", 5, Double.POSITIVE_INFINITY));
    assertThat(s.faults().get(1)).isEqualTo(new FaultSpec.Slowdown("all", 86_400, 7200, 3));
  }

  @Test
  void readsAStallWithAnOptionalStartAndRejectsWhatDoesNotFit() {
    Scenario s =
        ScenarioLoader.parse(
            "stall.yaml",
            MINIMAL
                + """
                faults:
                  - {kind: stall, backend: b0, pause: 5ms, period: 10ms}
                """);
    assertThat(s.faults())
        .containsExactly(new FaultSpec.Stall("b0", 0, Double.POSITIVE_INFINITY, 0.005, 0.01));
    assertThatThrownBy(
            () ->
                ScenarioLoader.parse(
                    "long.yaml",
                    MINIMAL
                        + "faults:\n"
                        + "  - {kind: stall, backend: b0, at: 1s, pause: 10ms, period: 10ms}\n"))
        .hasMessageStartingWith("long.yaml:7: faults[0].period: must be longer than pause");
    assertThatThrownBy(
            () ->
                ScenarioLoader.parse(
                    "tiny.yaml",
                    MINIMAL
                        + "faults:\n"
                        + "  - {kind: stall, backend: b0, pause: 0.0000000005, period: 10ms}\n"))
        .hasMessageStartingWith("tiny.yaml:7: faults[0].pause: must be in [1.0E-6");
    assertThatThrownBy(
            () ->
                ScenarioLoader.parse(
                    "crash.yaml",
                    MINIMAL + "faults:\n  - {kind: crash, backend: b0, at: 1s, pause: 5ms}\n"))
        .hasMessageStartingWith("crash.yaml:7: faults[0].pause: only a stall has a pause");
    assertThatThrownBy(
            () ->
                ScenarioLoader.parse(
                    "two.yaml",
                    MINIMAL
                        + """
                        faults:
                          - {kind: stall, backend: b0, pause: 5ms, period: 10ms}
                          - {kind: stall, backend: all, at: 1m, pause: 1ms, period: 10ms}
                        """))
        .hasMessageContaining("two stall faults");
  }

  @Test
  void unknownFieldIsNamedWithItsLine() {
    assertThatThrownBy(() -> ScenarioLoader.parse("typo.yaml", MINIMAL + "sizes:\n  shap: 2\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("typo.yaml:7: sizes.shap: unknown field; known fields here: [");
  }

  @Test
  void badNumberIsNamedWithFieldAndLine() {
    String yaml = MINIMAL.replace("rate: 10", "rate: fast");
    assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", yaml))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("bad.yaml:3: backends[0].rate: must be a number but was \"fast\"")
        .satisfies(
            e -> {
              ScenarioException se = (ScenarioException) e;
              assertThat(se.file()).isEqualTo("bad.yaml");
              assertThat(se.line()).isEqualTo(3);
              assertThat(se.field()).isEqualTo("backends[0].rate");
            });
  }

  @Test
  void outOfRangeValueIsNamed() {
    String yaml = MINIMAL + "sizes:\n  distribution: pareto\n  shape: 0.5\n";
    assertThatThrownBy(() -> ScenarioLoader.parse("range.yaml", yaml))
        .hasMessageStartingWith(
            "range.yaml:8: sizes.shape: must be in [1.0000001, 100] but was 0.5");
  }

  @Test
  void missingRequiredFieldIsNamedAtItsParent() {
    String noArrivals = "name: x\nbackends:\n  - rate: 1\n";
    assertThatThrownBy(() -> ScenarioLoader.parse("missing.yaml", noArrivals))
        .hasMessage("missing.yaml:1: arrivals: is required");
    assertThatThrownBy(() -> ScenarioLoader.parse("m2.yaml", "name: x\nbackends:\n  - count: 2\n"))
        .hasMessage("m2.yaml:3: backends[0].rate: is required");
  }

  @Test
  void faultOnUnknownBackendIsNamed() {
    String yaml = MINIMAL + "faults:\n  - {kind: crash, backend: b9, at: 1s}\n";
    assertThatThrownBy(() -> ScenarioLoader.parse("fault.yaml", yaml))
        .hasMessageStartingWith("fault.yaml:7: faults[0].backend: no backend has id \"b9\"");
  }

  @Test
  void wrongShapeAndChoiceAreNamed() {
    assertThatThrownBy(() -> ScenarioLoader.parse("shape.yaml", MINIMAL + "metrics: 10s\n"))
        .hasMessageStartingWith("shape.yaml:6: metrics: must be a mapping");
    assertThatThrownBy(
            () -> ScenarioLoader.parse("choice.yaml", MINIMAL + "sizes: {distribution: zipf}\n"))
        .hasMessageStartingWith("choice.yaml:6: sizes.distribution: must be one of [exponential");
  }

  @Test
  void yamlSyntaxErrorNamesFileAndLine() {
    assertThatThrownBy(() -> ScenarioLoader.parse("syntax.yaml", MINIMAL + "faults: [\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("syntax.yaml:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void duplicateKeyAndDuplicateIdAreErrors() {
    assertThatThrownBy(() -> ScenarioLoader.parse("dup.yaml", MINIMAL + "name: again\n"))
        .hasMessage("dup.yaml:6: name: appears twice");
    String ids =
        "name: x\nbackends:\n  - {id: a, rate: 1}\n  - {id: a, rate: 2}\narrivals: {rate: 1}\n";
    assertThatThrownBy(() -> ScenarioLoader.parse("ids.yaml", ids))
        .hasMessageStartingWith("ids.yaml:4: backends[1].id: backend id \"a\" is used twice");
  }

  @Test
  void resolvesFilesBeforeBundledNames(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(file, MINIMAL);
    assertThat(ScenarioLoader.resolve(file.toString()).name()).isEqualTo("tiny");
    assertThat(ScenarioLoader.resolve("stale-herd").name()).isEqualTo("stale-herd");
    assertThatThrownBy(() -> ScenarioLoader.resolve("nope"))
        .hasMessageContaining("Unknown scenario \"nope\"; bundled scenarios: [homogeneous");
    assertThatThrownBy(() -> ScenarioLoader.resolve(dir.resolve("gone.yaml").toString()))
        .hasMessage("Scenario file " + dir.resolve("gone.yaml") + " does not exist");
  }
}
