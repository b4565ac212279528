package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.StrategyContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code fulcrum} command line fed careless input. Each case states the input and the expected
 * result: one line on stderr naming the flag and the value (exit 1 or 2, nothing started), or the
 * work surviving.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliHostileInputTest {
  private static final byte[] NOT_UTF8 = {
    'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'
  };

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** The one error line; fails if there is more than one line or a stack trace. */
  private String oneLine() {
    String text = err.toString().strip();
    assertThat(text).as("stderr").doesNotContain("\n").doesNotContain("\tat ");
    return text;
  }

  /** Input: simulate --model DIR. Expected: one line, the folder named, no trace. */
  @Test
  void modelThatIsAFolderIsOneLine(@TempDir Path dir) {
    int exit =
        run(
            "simulate",
            "--scenario",
            "homogeneous",
            "--strategies",
            "rl",
            "--model",
            dir.toString(),
            "--no-chart");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .isEqualTo("fulcrum simulate: --model " + dir + " is a folder: give a" + " file");
  }

  /** Input: a scenario file that is not UTF-8. Expected: one line naming the flag and the file. */
  @Test
  void scenarioFileThatIsNotUtf8IsOneLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, NOT_UTF8);

    int exit = run("simulate", "--scenario", file.toString(), "--strategies", "p2c");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .isEqualTo("fulcrum simulate: --scenario " + file + " is not UTF-8 text: save it as UTF-8");
  }

  /** Input: train --scenarios FILE that is not UTF-8. Expected: one line, before any training. */
  @Test
  void trainingScenarioThatIsNotUtf8IsOneLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, NOT_UTF8);

    int exit =
        run(
            "train",
            "--scenarios",
            file.toString(),
            "--episodes",
            "1",
            "--quiet",
            "--out",
            dir.resolve("m.rlmodel").toString());

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .isEqualTo("fulcrum train: --scenarios " + file + " is not UTF-8 text: save it as UTF-8");
  }

  /** Input: train --out DIR. Expected: one line before training starts (no episode printed). */
  @Test
  void trainOutThatIsAFolderFailsBeforeTraining(@TempDir Path dir) {
    int exit =
        run(
            "train",
            "--scenarios",
            "homogeneous",
            "--episodes",
            "1",
            "--quiet",
            "--out",
            dir.toString());

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .startsWith("fulcrum train: --out " + dir + " is a folder: give a file" + " path");
    assertThat(out.toString()).doesNotContain("episode");
  }

  /** Input: train --out under a regular file (unwritable). Expected: one line before training. */
  @Test
  void trainOutThatCannotBeWrittenFailsBeforeTraining(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    Path out = file.resolve("model.rlmodel");

    int exit =
        run(
            "train",
            "--scenarios",
            "homogeneous",
            "--episodes",
            "1",
            "--quiet",
            "--out",
            out.toString());

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .startsWith("fulcrum train: --out " + out + " cannot be written (")
        .endsWith("): choose a writable path");
    assertThat(this.out.toString()).doesNotContain("episode");
  }

  /** Input: simulate --chart DIR/foo (no extension). Expected: foo written, that path printed. */
  @Test
  void chartPathPrintedIsThePathWritten(@TempDir Path dir) {
    Path chart = dir.resolve("foo");

    int exit =
        run(
            "simulate",
            "--scenario",
            "homogeneous",
            "--strategies",
            "test-always-first",
            "--requests",
            "2000",
            "--chart",
            chart.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(chart).isRegularFile();
    assertThat(dir.resolve("foo.png")).doesNotExist();
    assertThat(err.toString()).contains("Chart written to " + chart.toAbsolutePath());
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).containsExactly(chart); // no temporary file left behind
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Input: --backend A,A' where A' is A with a leading zero in the port. Expected: one line. */
  @Test
  void backendRepeatedWithLeadingZeroInPortIsRejected() {
    int exit =
        run("udp", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:15301,127.0.0.1:015301");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .isEqualTo(
            "fulcrum udp: --backend 127.0.0.1:015301 is the same backend"
                + " as 127.0.0.1:15301 (127.0.0.1 port 15301): give each backend once");
  }

  /** Input: --backend localhost:P beside 127.0.0.1:P. Expected: one line, the same backend. */
  @Test
  void backendRepeatedAsLocalhostIsRejected() {
    int exit =
        run(
            "udp",
            "--listen",
            "127.0.0.1:0",
            "--backend",
            "127.0.0.1:15302",
            "--backend",
            "localhost:15302");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .startsWith(
            "fulcrum udp: --backend localhost:15302 is the same backend" + " as 127.0.0.1:15302");
  }

  /** Input: --backend "a:1,,b:2". Expected: one line naming the flag, not a silent skip. */
  @Test
  void emptyBackendItemIsRejected() {
    int exit = run("udp", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:15303,,");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine()).startsWith("fulcrum udp: --backend has an empty item");
  }

  /** Input: udp --stats-interval -1s. Expected: one line naming the flag and the value. */
  @Test
  void negativeStatsIntervalIsRejected() {
    int exit =
        run(
            "udp",
            "--listen",
            "127.0.0.1:0",
            "--backend",
            "127.0.0.1:15304",
            "--stats-interval",
            "-1s");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .isEqualTo(
            "fulcrum udp: --stats-interval must not be negative but was"
                + " \"-1s\"; give 0s or more");
  }

  /** Input: udp --reply-timeout -250ms. Expected: one line naming the flag and the value. */
  @Test
  void negativeTimeoutIsRejected() {
    int exit =
        run(
            "udp",
            "--listen",
            "127.0.0.1:0",
            "--backend",
            "127.0.0.1:15305",
            "--reply-timeout",
            "-250ms");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine()).contains("--reply-timeout must not be negative but was \"-250ms\"");
  }

  /** Input: udp --influx URL --influx-interval -5s. Expected: one line, nothing started. */
  @Test
  void negativeInfluxIntervalIsRejected() {
    int exit =
        run(
            "udp",
            "--listen",
            "127.0.0.1:0",
            "--backend",
            "127.0.0.1:15306",
            "--influx",
            "http://127.0.0.1:9",
            "--influx-interval",
            "-5s");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .isEqualTo(
            "fulcrum udp: --influx-interval must not be negative but was"
                + " \"-5s\"; give 0s or more");
  }

  /** Input: udp --nomad-service S --nomad-empty-grace -1s. Expected: one line, Nomad not asked. */
  @Test
  void negativeNomadGraceIsRejected() {
    int exit =
        run(
            "udp",
            "--listen",
            "127.0.0.1:0",
            "--nomad-service",
            "echo",
            "--nomad-addr",
            "http://127.0.0.1:9",
            "--nomad-empty-grace",
            "-1s");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .isEqualTo(
            "fulcrum udp: --nomad-empty-grace must not be negative but"
                + " was \"-1s\"; give 0s or more");
  }

  /** Input: udp --strategy-option =x (no key). Expected: one line naming the flag. */
  @Test
  void strategyOptionWithoutAKeyIsRejected() {
    int exit =
        run(
            "udp",
            "--listen",
            "127.0.0.1:0",
            "--backend",
            "127.0.0.1:15307",
            "--strategy-option",
            "=x");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .isEqualTo(
            "fulcrum udp: --strategy-option must be KEY=VALUE with neither"
                + " part empty but was \"=x\"");
  }

  /** Input: udp --max-sessions -1 or --event-loops 0. Expected: one line naming the flag. */
  @ParameterizedTest
  @CsvSource({
    "--max-sessions, -1, --max-sessions must be at least 1 but was -1",
    "--event-loops, 0, --event-loops must be at least 1 but was 0"
  })
  void badUdpCountIsOneLineNamingTheFlag(String flag, String value, String message) {
    int exit = run("udp", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:15308", flag, value);

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine()).isEqualTo("fulcrum udp: " + message);
  }

  /** Input: demo --warmup -1. Expected: one line, nothing run. */
  @Test
  void negativeWarmupIsRejected() {
    int exit = run("demo", "--warmup", "-1", "--seconds", "1", "--plain");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine()).isEqualTo("fulcrum demo: --warmup must be 0 or more but was -1");
    assertThat(out.toString()).isEmpty();
  }

  /** Input: demo --neighbour -2. Expected: one line, nothing run. */
  @Test
  void neighbourBelowMinusOneIsRejected() {
    int exit = run("demo", "--neighbour", "-2", "--seconds", "1", "--plain");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .isEqualTo(
            "fulcrum demo: --neighbour must be a backend index below 4" + " (or -1) but was -2");
    assertThat(out.toString()).isEmpty();
  }

  /** Input: simulate --strategies p2c,, . Expected: one line naming the flag. */
  @Test
  void emptyStrategyItemIsRejected() {
    int exit = run("simulate", "--scenario", "homogeneous", "--strategies", "p2c,,", "--no-chart");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .isEqualTo(
            "fulcrum simulate: --strategies: Strategy list \"p2c,,\" has an empty item:"
                + " remove the doubled, leading or trailing comma");
  }

  /** Input: demo --compare p2c,,round-robin. Expected: one line naming the flag. */
  @Test
  void emptyCompareItemIsRejected() {
    int exit = run("demo", "--compare", "p2c,,round-robin", "--seconds", "1", "--plain");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine())
        .startsWith(
            "fulcrum demo: --compare: Strategy list \"p2c,,round-robin\" has an empty item");
  }

  /**
   * Input: the strategy-option example printed by {@code fulcrum udp --help}. Expected: the named
   * strategy accepts it (examples run).
   */
  @Test
  void strategyOptionExampleInUdpHelpIsAccepted() {
    assertThat(run("udp", "--help")).isZero();
    Matcher m =
        Pattern.compile("e\\.g\\. (\\S+)=(\\S+) \\(([a-z0-9-]+)\\)")
            .matcher(out.toString().replaceAll("\\s+", " "));
    assertThat(m.find()).as(out.toString()).isTrue();

    StrategyContext ctx = StrategyContext.builder().option(m.group(1), m.group(2)).build();
    assertThat(Strategies.create(m.group(3), ctx).name()).isEqualTo(m.group(3));
  }

  /** Input: a negative or zero training flag. Expected: one line naming it, before training. */
  @ParameterizedTest
  @CsvSource({
    "--steps, -1, --steps must be at least 1 but was -1",
    "--episodes, 0, --episodes must be at least 1 but was 0",
    "--rl-episodes, -2, --rl-episodes must be at least 0 but was -2",
    "--seconds, -5, --seconds must be more than 0 but was -5",
    "--temperature, 0, --temperature must be more than 0 but was 0",
    "--rl-lr, -1, --rl-lr must be more than 0 but was -1"
  })
  void badTrainingNumberIsOneLineNamingTheFlag(
      String flag, String value, String message, @TempDir Path dir) {
    int exit =
        run(
            "train",
            "--scenarios",
            "homogeneous",
            "--quiet",
            flag,
            value,
            "--out",
            dir.resolve("m.rlmodel").toString());

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine()).isEqualTo("fulcrum train: " + message);
  }

  /** Input: simulate --model FILE that is not UTF-8. Expected: one line naming the flag. */
  @Test
  void modelFileThatIsNotUtf8IsOneLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.rlmodel");
    Files.write(file, NOT_UTF8);

    int exit =
        run(
            "simulate",
            "--scenario",
            "homogeneous",
            "--strategies",
            "rl",
            "--model",
            file.toString(),
            "--no-chart");

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(oneLine()).startsWith("fulcrum simulate: --model");
  }

  /** Input: a content writer that fails half-way. Survives: the old file, and no temp file. */
  @Test
  void failedWriteLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path target = Files.writeString(dir.resolve("model.rlmodel"), "old");

    assertThatThrownBy(
            () ->
                AtomicFile.write(
                    "--out",
                    target,
                    ".tmp",
                    tmp -> {
                      Files.writeString(tmp, "half");
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");

    assertThat(Files.readString(target)).isEqualTo("old");
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).isEqualTo(List.of(target));
    }
  }
}
