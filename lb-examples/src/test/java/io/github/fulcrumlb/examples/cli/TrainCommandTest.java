package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void trainsAModelThatSimulateRunsWithModel(@TempDir Path dir) {
    Path model = dir.resolve("tiny.rlmodel");
    int exit =
        run(
            "train",
            "--scenarios",
            "heterogeneous",
            "--episodes",
            "2",
            "--seed",
            "3",
            "--seconds",
            "20",
            "--steps",
            "10",
            "--rl-episodes",
            "2",
            "--quiet",
            "--out",
            model.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("episode 1/4 heterogeneous (p2c): reward ")
        .contains("episode 4/4 heterogeneous (ppo): reward ")
        .contains("Model written to " + model);
    assertThat(model).isRegularFile();

    out.getBuffer().setLength(0);
    exit =
        run(
            "simulate",
            "--scenario",
            "heterogeneous",
            "--strategies",
            "rl,p2c",
            "--model",
            model.toString(),
            "--requests",
            "20000",
            "--no-chart");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).containsPattern("(?m)^rl ").containsPattern("(?m)^p2c ");
  }

  @Test
  void corruptModelIsAOneLineErrorBeforeAnyRun(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("bad.rlmodel");
    Files.writeString(model, "fulcrum-rl-model 1\nseed=1\ncrc32=00000000\n");

    int exit =
        run(
            "simulate",
            "--scenario",
            "heterogeneous",
            "--strategies",
            "rl",
            "--model",
            model.toString(),
            "--no-chart");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString().strip())
        .startsWith("fulcrum simulate: --model: " + model + " is corrupt: checksum")
        .doesNotContain("\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void modelWithoutRlIsAnError(@TempDir Path dir) {
    int exit =
        run(
            "simulate",
            "--scenario",
            "heterogeneous",
            "--strategies",
            "p2c",
            "--model",
            dir.resolve("x.rlmodel").toString(),
            "--no-chart");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("--model applies to the rl strategy");
  }
}
