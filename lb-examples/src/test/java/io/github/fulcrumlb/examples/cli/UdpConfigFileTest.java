package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UdpConfigFileTest {
  private static final Path FILE = Path.of("udp.yaml");

  private static String error(String yaml) {
    try {
      UdpConfigFile.parse(FILE, yaml);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + yaml);
  }

  @Test
  void readsEveryOptionUnderItsFlagName() {
    UdpConfigFile f =
        UdpConfigFile.parse(
            FILE,
            String.join(
                "\n",
                "listen: 0.0.0.0:5353",
                "backends: [10.0.0.5:5301, 10.0.0.6:5301]",
                "strategy: peak-ewma",
                "strategy-options: {decay: 5s}",
                "per-datagram: true",
                "max-sessions: 1000",
                "idle-timeout: 30s",
                "reply-timeout: 250ms",
                "event-loops: 2",
                "nio: false",
                "drain-timeout: 5s",
                "stats-interval: 0s",
                "metrics-listen: 127.0.0.1:9464"));
    assertThat(f.backends().orElseThrow())
        .extracting(Backend::id)
        .containsExactly("10.0.0.5:5301", "10.0.0.6:5301");
    assertThat(f.strategyOptions()).contains(Map.of("decay", "5s"));
    assertThat(f.flag("per-datagram")).contains(true);
    assertThat(f.number("max-sessions")).contains(1000);
    assertThat(f.text("reply-timeout")).contains("250ms");
  }

  @Test
  void eachMistakeIsOneLineNamingFieldValueAndFix() {
    assertThat(error("reply-timeout: soon"))
        .isEqualTo(
            "--config udp.yaml: field reply-timeout = \"soon\" is not a duration: write"
                + " e.g. 250ms, 10s or 2m");
    assertThat(error("backends: [10.0.0.5]"))
        .isEqualTo(
            "--config udp.yaml: field backends = \"10.0.0.5\" is not HOST:PORT: write e.g."
                + " 10.0.0.5:5301");
    assertThat(error("strategy: p2c\nstrategie: rl"))
        .startsWith(
            "--config udp.yaml: field strategie = \"strategie\" is not an option; the"
                + " options are [listen, backends,");
    assertThat(error("max-sessions: -1")).contains("max-sessions = \"-1\" must be a whole number");
    assertThat(error("nio: maybe")).contains("nio = \"maybe\" must be true or false");
    assertThat(error("listen: 5353")).contains("listen = \"5353\" is not HOST:PORT");
    assertThat(error("strategy-options: fast")).contains("must be a mapping such as {decay: 5s}");
    assertThat(error("- a\n- b")).contains("must be a YAML mapping of option: value but is a list");
    assertThat(error("strategy: [p2c")).startsWith("--config udp.yaml is not valid YAML (");
    assertThat(error("strategy: p2c\nstrategy: rl")).contains("not valid YAML");
  }

  @Test
  void flagsOverrideTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("udp.yaml");
    Files.writeString(
        file,
        "listen: 127.0.0.1:5353\nbackends: [10.0.0.5:5301]\n"
            + "strategy: round-robin\nreply-timeout: 2s\n");
    UdpCommand cmd = new UdpCommand();
    CommandLine cl = new CommandLine(cmd);
    cl.parseArgs("--config", file.toString(), "--strategy", "p2c");
    UdpOperations.fromCommandLine(cmd, file, cl.getParseResult());
    assertThat(cmd.strategy).isEqualTo("p2c");
    assertThat(cmd.listen).isEqualTo("127.0.0.1:5353");
    assertThat(cmd.replyTimeout).isEqualTo("2s");
    assertThat(cmd.backends).containsExactly("10.0.0.5:5301");
  }

  @Test
  void anUnreadableFileFailsTheCommandWithOneLine(@TempDir Path dir) {
    Path missing = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> UdpConfigFile.read(missing))
        .hasMessageStartingWith("--config " + missing + " cannot be read (")
        .hasMessageEndingWith("check the path and its permissions");
  }

  @Test
  void rlStateFromTheFileReachesTheCommandUnlessTheFlagIsGiven(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("udp.yaml");
    Files.writeString(file, "strategy: rl\nrl-state: /var/lib/fulcrum/rl.state\n");
    UdpCommand cmd = new UdpCommand();
    CommandLine cl = new CommandLine(cmd);
    cl.parseArgs("--config", file.toString());
    UdpOperations.fromCommandLine(cmd, file, cl.getParseResult());
    assertThat(cmd.rlState).isEqualTo(Path.of("/var/lib/fulcrum/rl.state"));

    UdpCommand flagged = new UdpCommand();
    CommandLine cl2 = new CommandLine(flagged);
    cl2.parseArgs("--config", file.toString(), "--rl-state", "here.state");
    UdpOperations.fromCommandLine(flagged, file, cl2.getParseResult());
    assertThat(flagged.rlState).isEqualTo(Path.of("here.state"));

    assertThat(error("rl-state: ''")).contains("field rl-state = \"\" is blank: give a file");
  }
}
