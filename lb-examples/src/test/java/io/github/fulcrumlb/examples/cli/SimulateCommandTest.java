package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void printsTheTableWithAClairvoyantRowAndWritesTheChart(@TempDir Path dir) {
    Path chart = dir.resolve("out.png");
    int exit =
        run(
            "simulate",
            "--scenario",
            "heterogeneous",
            "--strategies",
            "test-always-first",
            "--requests",
            "20000",
            "--seed",
            "3",
            "--chart",
            chart.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("Scenario heterogeneous (seed 3)")
        .containsPattern("(?m)^test-always-first ")
        .containsPattern("(?m)^clairvoyant +\\S+ .* 1\\.00 +1\\.00$");
    assertThat(chart).isRegularFile();
    assertThat(err.toString()).contains("Chart written to");
  }

  @Test
  void writesCsvAndJson() {
    assertThat(
            run(
                "simulate",
                "--scenario",
                "homogeneous",
                "--strategies",
                "test-always-first",
                "--requests",
                "5000",
                "--format",
                "csv",
                "--no-chart"))
        .isZero();
    assertThat(out.toString().lines()).hasSize(3);
    out.getBuffer().setLength(0);
    assertThat(
            run(
                "simulate",
                "--scenario",
                "homogeneous",
                "--strategies",
                "test-always-first",
                "--requests",
                "5000",
                "--format",
                "json",
                "--no-chart"))
        .isZero();
    assertThat(out.toString()).startsWith("{").contains("\"clairvoyant\" : true");
  }

  @Test
  void listsAndPrintsBundledScenarios() {
    assertThat(run("simulate", "--list")).isZero();
    assertThat(out.toString().lines())
        .hasSize(10)
        .anyMatch(l -> l.startsWith("drift "))
        .anyMatch(l -> l.startsWith("stale-herd "))
        .anyMatch(l -> l.startsWith("stall-neighbour "))
        .anyMatch(l -> l.startsWith("no-metrics "));
    out.getBuffer().setLength(0);
    assertThat(run("simulate", "--scenario", "stale-herd", "--print-scenario")).isZero();
    assertThat(out.toString()).contains("name: stale-herd").contains("lag: 2s");
  }

  @Test
  void badScenarioFileIsOneLineNamingFileLineAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "name: x\nbackends:\n  - rate: -1\narrivals: {load: 0.5}\n");

    int exit = run("simulate", "--scenario", file.toString(), "--strategies", "test-always-first");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString().strip())
        .isEqualTo(
            "fulcrum simulate: "
                + file
                + ":3: backends[0].rate: must be a number "
                + "> 0 but was -1");
  }

  @Test
  void unknownStrategyAndScenarioAreErrors() {
    assertThat(run("simulate", "--scenario", "nope")).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("Unknown scenario \"nope\"");
    assertThat(run("simulate", "--scenario", "homogeneous", "--strategies", "zzz"))
        .isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("Unknown strategy \"zzz\"");
  }

  @Test
  void optionsInBracketsMakeARowLabelledAsWritten() {
    int exit =
        run(
            "simulate",
            "--scenario",
            "homogeneous",
            "--strategies",
            "least-load, least-load[stale-after=1ms],test-always-first",
            "--requests",
            "5000",
            "--format",
            "csv",
            "--no-chart");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString().lines().skip(1).map(l -> l.split(",")[2]))
        .containsExactly(
            "least-load", "\"least-load[stale-after=1ms]\"", "test-always-first", "clairvoyant");
  }

  @Test
  void aMalformedSpecOrAnUnknownOptionIsAnErrorNamingTheSpec() {
    assertThat(run("simulate", "--scenario", "homogeneous", "--strategies", "p2c,rl[scan=8"))
        .isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString())
        .contains("--strategies: Strategy spec \"rl[scan=8\" has no closing ']'");
    err.getBuffer().setLength(0);
    assertThat(
            run(
                "simulate",
                "--scenario",
                "homogeneous",
                "--strategies",
                "p2c,p2c[scan=8]",
                "--no-chart"))
        .isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("p2c[scan=8]: Strategy \"p2c\" has no option \"scan\"");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void windowAddsAfterTheChangeFiguresAtTheEndOfEveryRow() {
    int exit =
        run(
            "simulate",
            "--scenario",
            "homogeneous",
            "--strategies",
            "test-always-first,p2c",
            "--requests",
            "20000",
            "--window",
            "1s:3s",
            "--format",
            "csv",
            "--no-chart");

    assertThat(exit).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("scenario,seed,strategy,requests,ok,timeouts,drops");
    assertThat(lines.get(0))
        .endsWith(
            ",window_from_s,window_mean_ms,window_p99_ms,window_p999_ms,window_p99_ratio,"
                + "adapted_after_s");
    assertThat(lines.get(2).split(",", -1)[2]).isEqualTo("p2c");
    assertThat(lines.get(2).split(",", -1)).hasSameSizeAs(lines.get(0).split(","));
    out.getBuffer().setLength(0);
    assertThat(
            run(
                "simulate",
                "--scenario",
                "homogeneous",
                "--strategies",
                "p2c",
                "--requests",
                "20000",
                "--window",
                "1s",
                "--no-chart"))
        .isZero();
    assertThat(out.toString())
        .contains("after the change: requests arriving from 1s to ")
        .containsPattern("(?m)^p2c .* (\\d+s|never)$");
    assertThat(run("simulate", "--scenario", "homogeneous", "--window", "5s:2s"))
        .isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("--window TO must be later than FROM");
  }

  @Test
  void theOraclesThatKnowLessAreRowsAndTakeNoOptions() {
    int exit =
        run(
            "simulate",
            "--scenario",
            "stale-herd",
            "--strategies",
            "p2c,count-oracle,size-blind-oracle",
            "--requests",
            "20000",
            "--format",
            "csv",
            "--no-chart");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString().lines().skip(1).map(l -> l.split(",")[2]))
        .containsExactly("p2c", "count-oracle", "size-blind-oracle", "clairvoyant");
    out.getBuffer().setLength(0);
    assertThat(
            run(
                "simulate",
                "--scenario",
                "homogeneous",
                "--strategies",
                "p2c,size-blind-oracle[x=1]",
                "--no-chart"))
        .isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("--strategies: size-blind-oracle takes no options");
    assertThat(out.toString()).isEmpty();
  }
}
