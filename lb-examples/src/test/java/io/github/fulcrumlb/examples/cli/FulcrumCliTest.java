package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.StrategyProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FulcrumCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return run(FulcrumCli.commandLine(), args);
  }

  private int run(CommandLine cl, String... args) {
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void helpListsTheSubcommands() {
    int exit = run("--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Usage: fulcrum")
        .containsPattern("(?m)^\\s+strategies\\s+List the load-balancing strategies")
        .containsPattern("(?m)^\\s+help\\s+");
  }

  @Test
  void versionIsTheProjectVersion() {
    int exit = run("--version");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .startsWith("fulcrum " + FulcrumVersion.projectVersion())
        .doesNotContain("${");
    assertThat(FulcrumVersion.projectVersion()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void strategiesPrintsEveryProviderWithItsDescription() {
    List<StrategyProvider> providers = Strategies.providers();

    int exit = run("strategies");

    assertThat(exit).isZero();
    assertThat(providers).extracting(StrategyProvider::name).contains("test-always-first", "t1");
    String[] lines = out.toString().split("\\R");
    assertThat(lines).hasSize(providers.size());
    for (int i = 0; i < providers.size(); i++) {
      StrategyProvider p = providers.get(i);
      assertThat(lines[i])
          .matches(Pattern.quote(p.name()) + " {2,}" + Pattern.quote(p.description()));
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void strategiesLinesUpTheDescriptions() {
    run("strategies");

    String[] lines = out.toString().split("\\R");
    int width =
        Strategies.providers().stream().mapToInt(p -> p.name().length()).max().orElseThrow();
    for (String line : lines) {
      assertThat(line.substring(width, width + 2)).isEqualTo("  ");
      assertThat(line.charAt(width + 2)).isNotEqualTo(' ');
    }
  }

  @Test
  void strategiesWithoutAnyProviderFailsWithAClearMessage() {
    int exit = run(new CommandLine(new StrategiesCommand(List::of)));

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("No strategy found on the class path").contains("lb-core");
  }

  @Test
  void strategiesReportsAProviderConflictAsOneLine() {
    CommandLine failing =
        new CommandLine(
                new StrategiesCommand(
                    () -> {
                      throw new IllegalStateException("Two strategy providers are named \"x\"");
                    }))
            .setExecutionExceptionHandler(FulcrumCli.commandLine().getExecutionExceptionHandler());

    int exit = run(failing);

    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString().strip())
        .isEqualTo("strategies: Two strategy providers are named \"x\"");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    int exit = run("frobnicate");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").contains("'frobnicate'");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void noSubcommandIsAUsageError() {
    int exit = run();

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Missing subcommand").contains("Usage: fulcrum");
  }
}
