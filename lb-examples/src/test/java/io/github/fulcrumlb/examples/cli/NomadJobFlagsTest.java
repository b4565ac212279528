package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Keeps the Nomad job files in deploy/nomad in step with the CLI: every {@code fulcrum udp} flag a
 * job passes exists in {@link UdpCommand}, the argument list parses, and the balancer follows the
 * service the echo job registers. (No HCL parser on Maven Central is small enough to add; the
 * {@code args = [...]} lists are read as HCL string lists.)
 */
class NomadJobFlagsTest {
  private static final Pattern ARGS =
      Pattern.compile("(?m)^\\s*args\\s*=\\s*\\[(.*?)\\]", Pattern.DOTALL);
  private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern SERVICE_NAME =
      Pattern.compile(
          "service\\s*\\{[^}]*?name\\s*=\\s*\"([^\"]+)\"[^}]*?provider\\s*=\\s*\"nomad\"",
          Pattern.DOTALL);

  private static Path jobs() {
    Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    Path dir = module.resolveSibling("deploy").resolve("nomad");
    assertThat(dir).as("deploy/nomad beside lb-examples").isDirectory();
    return dir;
  }

  private static List<Path> jobFiles() throws IOException {
    try (Stream<Path> files = Files.list(jobs())) {
      return files.filter(p -> p.toString().endsWith(".nomad.hcl")).sorted().toList();
    }
  }

  /** The strings of every {@code args = [...]} list in a job file. */
  private static List<List<String>> argLists(Path job) throws IOException {
    String hcl = Files.readString(job).replaceAll("(?m)^\\s*#.*$", "");
    List<List<String>> lists = new ArrayList<>();
    Matcher m = ARGS.matcher(hcl);
    while (m.find()) {
      List<String> list = new ArrayList<>();
      Matcher s = STRING.matcher(m.group(1));
      while (s.find()) {
        list.add(s.group(1).replace("\\\"", "\""));
      }
      lists.add(list);
    }
    return lists;
  }

  /** What follows "udp" in each argument list that runs {@code fulcrum udp}. */
  private static List<List<String>> udpInvocations() throws IOException {
    List<List<String>> found = new ArrayList<>();
    for (Path job : jobFiles()) {
      for (List<String> args : argLists(job)) {
        int udp = args.indexOf("udp");
        if (udp >= 0 && args.subList(0, udp).contains("-jar")) { // java ... -jar JAR udp ...
          found.add(args.subList(udp + 1, args.size()));
        }
      }
    }
    return found;
  }

  @Test
  void aJobRunsFulcrumUdp() throws IOException {
    assertThat(jobFiles())
        .extracting(p -> p.getFileName().toString())
        .contains(
            "fulcrum-balancer.nomad.hcl",
            "fulcrum-balancer-template.nomad.hcl",
            "fulcrum-echo.nomad.hcl",
            "telegraf.nomad.hcl");
    assertThat(udpInvocations()).hasSize(2); // --nomad-service, and --config from a template
  }

  @Test
  void everyFlagTheJobsPassExistsInFulcrumUdp() throws IOException {
    CommandSpec udp = new CommandLine(new UdpCommand()).getCommandSpec();
    for (List<String> args : udpInvocations()) {
      for (String a : args) {
        if (a.startsWith("-")) {
          String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
          assertThat(udp.findOption(name)).as("fulcrum udp option %s", name).isNotNull();
        }
      }
    }
  }

  @Test
  void theJobsArgumentsParseAsFulcrumUdpArguments() throws IOException {
    for (List<String> args : udpInvocations()) {
      UdpCommand command = new UdpCommand();
      new CommandLine(command).parseArgs(args.toArray(String[]::new)); // throws on any mistake
      for (String option : List.of("--reply-timeout", "--nomad-empty-grace", "--stats-interval")) {
        int i = args.indexOf(option);
        if (i >= 0) {
          assertThat(UdpCommand.duration(option, args.get(i + 1))).isPositive();
        }
      }
    }
  }

  @Test
  void theBalancerFollowsTheServiceTheEchoJobRegisters() throws IOException {
    String echo = Files.readString(jobs().resolve("fulcrum-echo.nomad.hcl"));
    Matcher m = SERVICE_NAME.matcher(echo);
    assertThat(m.find()).as("a nomad-provider service in the echo job").isTrue();
    List<String> args =
        udpInvocations().stream()
            .filter(a -> a.contains("--nomad-service"))
            .findFirst()
            .orElseThrow();
    assertThat(args.get(args.indexOf("--nomad-service") + 1)).isEqualTo(m.group(1));
    String template = Files.readString(jobs().resolve("fulcrum-balancer-template.nomad.hcl"));
    assertThat(template).contains("nomadService \"" + m.group(1) + "\"");
  }

  /**
   * The template job renders a file that {@code fulcrum udp --config} accepts (rendered here by
   * substituting sample values for the template's expressions), passes its path to --config, and
   * signals SIGHUP when it changes.
   */
  @Test
  void theTemplateRendersAValidConfigFileReloadedOnSighup() throws IOException {
    String hcl = Files.readString(jobs().resolve("fulcrum-balancer-template.nomad.hcl"));
    Matcher block =
        Pattern.compile("template\\s*\\{(.*?)\\n\\s*}\\n", Pattern.DOTALL)
            .matcher(hcl.replaceAll("(?m)^\\s*#.*$", ""));
    assertThat(block.find()).as("a template block").isTrue();
    String t = block.group(1);
    assertThat(t)
        .containsPattern("change_mode\\s*=\\s*\"signal\"")
        .containsPattern("change_signal\\s*=\\s*\"SIGHUP\"");
    Matcher destination = Pattern.compile("destination\\s*=\\s*\"local/([^\"]+)\"").matcher(t);
    assertThat(destination.find()).isTrue();
    Matcher data = Pattern.compile("<<EOH\\n(.*?)\\nEOH", Pattern.DOTALL).matcher(t);
    assertThat(data.find()).isTrue();
    String rendered =
        data.group(1)
            .replace("{{ env \"NOMAD_PORT_udp\" }}", "5353")
            .replace("${var.strategy}", "p2c")
            .replaceAll(
                "(?s)\\{\\{- range nomadService \"[^\"]+\" }}\\n(.*?)\\n\\{\\{- end }}",
                "  - 10.0.0.5:5301\n  - 10.0.0.6:5301");
    assertThat(rendered).doesNotContain("{{");
    UdpConfigFile file = UdpConfigFile.parse(Path.of("rendered.yaml"), rendered);
    assertThat(file.backends().orElseThrow()).hasSize(2);
    assertThat(file.text("strategy")).contains("p2c");
    List<String> args =
        udpInvocations().stream().filter(a -> a.contains("--config")).findFirst().orElseThrow();
    assertThat(args.get(args.indexOf("--config") + 1))
        .isEqualTo("${NOMAD_TASK_DIR}/" + destination.group(1));
    for (String reloadable : UdpConfigFile.RELOADABLE) {
      String flag =
          reloadable.equals("backends")
              ? "--backend"
              : reloadable.equals("strategy-options") ? "--strategy-option" : "--" + reloadable;
      assertThat(args)
          .as("flags override the file: %s must not be a flag", flag)
          .doesNotContain(flag);
    }
  }
}
