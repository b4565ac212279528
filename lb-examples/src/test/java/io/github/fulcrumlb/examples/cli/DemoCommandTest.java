package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
  /** A backend row of the summary table: id, capacity, forwarded, share, replies. */
  private static final Pattern ROW =
      Pattern.compile("(?m)^(backend-\\d+)\\s+\\S+\\s+(\\d+)\\s+[\\d.]+%\\s+(\\d+)\\s");

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    return out.toString();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shortRunSendsTrafficToEveryBackendAndPrintsASummary() {
    // p2c: every backend gets traffic whatever the machine does (rl may starve the slowest)
    String out =
        run(
            "demo",
            "--seconds",
            "2.5",
            "--plain",
            "--rate",
            "300",
            "--strategy",
            "p2c",
            "--metrics-interval",
            "500ms",
            "--refresh",
            "500ms",
            "--warmup",
            "0.5");

    assertThat(out).contains("fulcrum demo  p2c", "backend-3");
    assertThat(out).containsPattern("summary: p2c, [\\d.]+ s: sent \\d+, replies [1-9]\\d*");
    Matcher m = ROW.matcher(out.substring(out.indexOf("summary:")));
    int rows = 0;
    while (m.find()) {
      rows++;
      assertThat(Long.parseLong(m.group(2))).as("%s forwarded", m.group(1)).isPositive();
      assertThat(Long.parseLong(m.group(3))).as("%s replies", m.group(1)).isPositive();
    }
    assertThat(rows).isEqualTo(4);
    assertThat(out).doesNotContain("\u001b["); // --plain: no escapes
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void compareRunsEachStrategyThenPrintsOneTableAndWritesAPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("compare.png");
    String out =
        run(
            "demo",
            "--compare",
            "rl[scan=2],round-robin",
            "--seconds",
            "1.5",
            "--plain",
            "--rate",
            "300",
            "--backends",
            "3",
            "--metrics-interval",
            "500ms",
            "--refresh",
            "500ms",
            "--warmup",
            "0",
            "--chart",
            png.toString());

    String table = out.substring(out.lastIndexOf("strategy "));
    assertThat(table)
        .containsPattern("(?m)^rl\\[scan=2]\\s+\\d+\\s+\\d+")
        .containsPattern("(?m)^round-robin\\s+\\d+\\s+\\d+");
    assertThat(out).contains("chart: " + png);
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(1000);
    assertThat(List.of(bytes[1], bytes[2], bytes[3]))
        .containsExactly((byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void stopRequestEndsTheRunEarlyWithTheSummarySoFar() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    DemoCommand demo = cl.getSubcommands().get("demo").getCommand();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      long start = System.nanoTime();
      Future<Integer> exit =
          pool.submit(
              () ->
                  cl.execute(
                      "demo",
                      "--seconds",
                      "300",
                      "--plain",
                      "--rate",
                      "200",
                      "--strategy",
                      "p2c",
                      "--refresh",
                      "200ms",
                      "--warmup",
                      "0"));
      while (!out.toString().contains("fulcrum demo  p2c")
          && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
        Thread.sleep(50); // polling the output with a deadline
      }
      demo.requestStop();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(60));
      assertThat(out.toString()).containsPattern("summary: p2c, [\\d.]+ s \\(interrupted\\)");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rejectsOutOfRangeSettings() {
    CommandLine cl = FulcrumCli.commandLine();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute("demo", "--backends", "0")).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("--backends must be in [1, 16]");
  }

  @Test
  void aMalformedSpecOrAnUnknownOptionIsAnErrorBeforeAnyRun() {
    CommandLine cl = FulcrumCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute("demo", "--compare", "p2c,rl[scan=2")).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString())
        .contains("--compare: Strategy spec \"rl[scan=2\" has no closing ']'");
    assertThat(cl.execute("demo", "--compare", "rl,p2c[scan=2]"))
        .isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString())
        .contains("--compare p2c[scan=2]: Strategy \"p2c\" has no option \"scan\"");
    assertThat(out.toString()).doesNotContain("summary");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void rlWithOnlineLearningShowsTheLearnerInEveryFrameAndTheSummary() {
    String out =
        run(
            "demo",
            "--seconds",
            "3",
            "--plain",
            "--rate",
            "300",
            "--strategy",
            "rl",
            "--strategy-option",
            "online=true",
            "--metrics-interval",
            "500ms",
            "--refresh",
            "500ms",
            "--warmup",
            "0");

    String frames = out.substring(0, out.indexOf("summary:"));
    Matcher header = Pattern.compile("(?m)^fulcrum demo  rl ").matcher(frames);
    Matcher learner =
        Pattern.compile("(?m)^learner: (learning|paused): \\d+ steps, .* reward -?[\\d.]+ ms")
            .matcher(frames);
    int headers = 0;
    int learners = 0;
    while (header.find()) {
      headers++;
    }
    while (learner.find()) {
      learners++;
    }
    assertThat(headers).as("frames").isPositive();
    assertThat(learners).as("a learner line per frame").isEqualTo(headers);
    assertThat(out.substring(out.indexOf("summary:")))
        .containsPattern("(?m)^learner: (learning|paused): \\d+ steps");
  }

  @Test
  void strategyOptionsAreCheckedBeforeAnythingStartsAndNotWithCompare() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute("demo", "--strategy", "rl", "--strategy-option", "onlin=true"))
        .isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("onlin");
    assertThat(cl.execute("demo", "--compare", "rl,p2c", "--strategy-option", "online=true"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--strategy-option applies to --strategy only");
    assertThat(out.toString()).doesNotContain("summary:");
  }
}
