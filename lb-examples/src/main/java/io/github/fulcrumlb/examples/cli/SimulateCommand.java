package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.StrategySpec;
import io.github.fulcrumlb.rl.model.ModelFile;
import io.github.fulcrumlb.rl.model.ModelFileException;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import io.github.fulcrumlb.sim.ProgressListener;
import io.github.fulcrumlb.sim.Simulation;
import io.github.fulcrumlb.sim.balancer.BalancerSpec;
import io.github.fulcrumlb.sim.report.LatencyChart;
import io.github.fulcrumlb.sim.report.ReportFormat;
import io.github.fulcrumlb.sim.report.ScenarioReport;
import io.github.fulcrumlb.sim.scenario.ReportWindow;
import io.github.fulcrumlb.sim.scenario.Scenario;
import io.github.fulcrumlb.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fulcrum simulate}: runs strategies on a simulated cluster scenario (bundled or a YAML
 * file) and prints one table with a clairvoyant row, optionally as CSV or JSON, and a PNG chart.
 *
 * <pre>{@code
 * ./fulcrum simulate --scenario heterogeneous --strategies all        # chart: heterogeneous.png
 * ./fulcrum simulate --scenario my-cluster.yaml --strategies p2c,peak-ewma --seed 7 --format csv \
 *     --chart out/my-cluster.png
 * ./fulcrum simulate --scenario stale-herd --strategies rl,p2c --model my.rlmodel
 * ./fulcrum simulate --scenario drift --strategies 'rl,rl[scan=8],p2c'   # a row per variant
 * ./fulcrum simulate --scenario noisy-neighbour --window 60s:120s          # also that window
 * ./fulcrum simulate --list
 * ./fulcrum simulate --scenario stale-herd --print-scenario > my-cluster.yaml
 * }</pre>
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare strategies on a simulated cluster against a clairvoyant bound.",
      "Prints one row per strategy plus a clairvoyant row (an oracle that sends each request "
          + "where it completes first); ratios are to that row. Scenario format: "
          + "lb-sim/SCENARIOS.md."
    })
public final class SimulateCommand implements Callable<Integer> {
  /** Runs shorter than this never show a progress bar. */
  private static final long PROGRESS_AFTER_NANOS = 2_000_000_000L;

  @Spec private CommandSpec spec;

  @Option(
      names = "--scenario",
      paramLabel = "NAME|FILE",
      description = "A bundled scenario (see --list) or a scenario YAML file.")
  private String scenario;

  @Option(
      names = "--strategies",
      paramLabel = "all|a,b[k=v,...]",
      defaultValue = "all",
      description =
          "Strategies to compare, comma-separated, or all (default: ${DEFAULT-VALUE}). A name may"
              + " carry options in brackets, e.g. 'rl,rl[scan=8],p2c': the row is labelled as"
              + " written, and its options override the scenario's and --model. The list may"
              + " also name two oracles that know less than the clairvoyant: size-blind-oracle"
              + " (not the request's size) and count-oracle (only every backend's request count,"
              + " slots and rate; lb-sim/SCENARIOS.md).")
  private String strategies;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of every random stream (default: the scenario's).")
  private Long seed;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description =
          "Requests per run (default: the scenario's); the warmup keeps its share. Timed events "
              + "(faults, surges) after the end of a shorter run do not happen.")
  private Long requests;

  @Option(
      names = "--window",
      paramLabel = "FROM[:TO]",
      description =
          "Also report the requests arriving from FROM to TO (default: the end) of simulated"
              + " time, e.g. 150s or 150s:250s: their latency and each strategy's time to adapt"
              + " (default: the scenario's window, e.g. drift's change at 150s).")
  private String window;

  @Option(
      names = "--format",
      paramLabel = "table|csv|json",
      defaultValue = "table",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  private String format;

  @Option(
      names = "--chart",
      paramLabel = "FILE.png",
      description =
          "Where to write the PNG chart of latency by percentile per strategy (default: "
              + "<scenario name>.png in the current directory).")
  private Path chart;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description =
          "Model file for the rl strategy (from fulcrum train; default: the bundled model). "
              + "Read before the runs: a missing, corrupt or incompatible file is an error here.")
  private Path model;

  @Option(names = "--no-chart", description = "Write no chart.")
  private boolean noChart;

  @Option(names = "--quiet", description = "No progress bar, even on long runs.")
  private boolean quiet;

  @Option(names = "--list", description = "List the bundled scenarios and exit.")
  private boolean list;

  @Option(
      names = "--print-scenario",
      description = "Print the scenario's YAML (to copy and edit) and exit.")
  private boolean printScenario;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      listScenarios(out);
      return 0;
    }
    if (scenario == null) {
      throw new IllegalArgumentException(
          "Missing --scenario NAME|FILE; bundled scenarios: " + ScenarioLoader.bundledNames());
    }
    if (printScenario) {
      Path file = Path.of(scenario);
      out.print(
          Files.isRegularFile(file)
              ? Files.readString(file)
              : ScenarioLoader.bundledText(scenario));
      out.flush();
      return 0;
    }
    ReportFormat reportFormat = ReportFormat.parse(format);
    Scenario s;
    try {
      s = ScenarioLoader.resolve(scenario);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw FlagValues.unreadable("--scenario", Path.of(scenario), e);
    }
    if (seed != null) {
      s = s.withSeed(seed);
    }
    if (requests != null) {
      if (requests < 2) {
        throw new IllegalArgumentException("--requests must be at least 2 but was " + requests);
      }
      s = s.withRequests(requests);
    }
    if (window != null) {
      s = s.withWindow(reportWindow(window));
    }
    List<String> names = strategyNames();
    if (model != null) {
      s = withModel(s, model, names);
    }
    Path chartFile = noChart ? null : chart != null ? chart : Path.of(s.name() + ".png");
    if (chartFile != null) {
      AtomicFile.checkWritable("--chart", chartFile); // before the runs, not after them
    }
    ScenarioReport report;
    try (Progress progress = new Progress(s.requests() * (names.size() + 1), quiet)) {
      report = Simulation.of(s).withProgress(progress).compare(names);
    }
    out.print(reportFormat.render(report));
    out.flush();
    if (chartFile != null) {
      ScenarioReport finished = report;
      Path written =
          AtomicFile.write("--chart", chartFile, ".png", tmp -> LatencyChart.write(finished, tmp));
      PrintWriter err = spec.commandLine().getErr();
      err.println("Chart written to " + written); // exactly this path, whatever its extension
      err.flush();
    }
    return 0;
  }

  /** The scenario with the rl strategy's {@code model} option set, after checking the file. */
  private static Scenario withModel(Scenario s, Path file, List<String> names) throws IOException {
    if (names.stream().noneMatch(n -> StrategySpec.parse(n).name().equals(RlStrategy.NAME))) {
      throw new IllegalArgumentException(
          "--model applies to the rl strategy, which --strategies " + "does not name");
    }
    try {
      ModelFile.read(file);
    } catch (ModelFileException e) {
      throw new IllegalArgumentException("--model: " + e.getMessage(), e);
    } catch (IOException e) {
      throw FlagValues.unreadable("--model", file, e);
    }
    BalancerSpec b = s.balancers();
    Map<String, Map<String, String>> options = new LinkedHashMap<>(b.strategyOptions());
    Map<String, String> rl = new LinkedHashMap<>(options.getOrDefault(RlStrategy.NAME, Map.of()));
    rl.put("model", file.toAbsolutePath().toString());
    options.put(RlStrategy.NAME, rl);
    return s.withBalancers(
        new BalancerSpec(b.count(), b.refreshSeconds(), b.detectFailureSeconds(), options));
  }

  /** {@code FROM[:TO]}, each a duration ({@code 150s}, {@code 2m}); TO later than FROM. */
  static ReportWindow reportWindow(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length > 2 || parts[0].isBlank()) {
      throw new IllegalArgumentException(
          "--window must be FROM[:TO], e.g. 150s or 150s:250s, but was \"" + text + "\"");
    }
    double from = FlagValues.duration("--window FROM", parts[0].strip()).toNanos() / 1e9;
    if (parts.length == 1 || parts[1].isBlank()) {
      return ReportWindow.from(from);
    }
    double to = FlagValues.duration("--window TO", parts[1].strip()).toNanos() / 1e9;
    if (!(to > from)) {
      throw new IllegalArgumentException(
          "--window TO must be later than FROM but was \"" + text + "\"");
    }
    return new ReportWindow(from, to);
  }

  private List<String> strategyNames() {
    if (strategies.trim().equals("all")) {
      List<String> all = Simulation.availableStrategies();
      if (all.isEmpty()) {
        throw new IllegalStateException(
            "No strategy found on the class path (lb-core ships the built-in strategies)");
      }
      return all;
    }
    Set<String> names = new LinkedHashSet<>();
    try {
      for (StrategySpec spec : StrategySpec.parseList(strategies)) {
        if (Simulation.isOracleRow(spec.name())) {
          if (!spec.label().equals(spec.name())) {
            throw new IllegalArgumentException(spec.name() + " takes no options");
          }
        } else {
          Strategies.provider(spec.name());
        }
        names.add(spec.label());
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--strategies: " + e.getMessage(), e);
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("--strategies names no strategy");
    }
    return new ArrayList<>(names);
  }

  private static void listScenarios(PrintWriter out) {
    List<String> names = ScenarioLoader.bundledNames();
    int width = 0;
    for (String n : names) {
      width = Math.max(width, n.length());
    }
    for (String n : names) {
      String description = ScenarioLoader.bundled(n).description().replaceAll("\\s+", " ");
      String first = description.split("(?<=[a-z0-9%)]\\.) (?=[A-Z])", 2)[0];
      out.println(n + " ".repeat(width - n.length() + 2) + first);
    }
    out.flush();
  }

  /**
   * A progress bar on stderr that appears only once the whole comparison has run for a couple of
   * seconds, and only when someone is probably watching.
   */
  private static final class Progress implements ProgressListener, AutoCloseable {
    private final long total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long finishedRuns;
    private String currentLabel;
    private ProgressBar bar;

    Progress(long total, boolean quiet) {
      this.total = total;
      this.enabled = !quiet && interactive();
    }

    /**
     * Whether a person is probably watching stderr: a console, or (stdout redirected, which hides
     * the console from Java) a real terminal type outside CI.
     */
    private static boolean interactive() {
      if (System.console() != null) {
        return true;
      }
      String term = System.getenv("TERM");
      return System.getenv("CI") == null && term != null && !term.isBlank() && !term.equals("dumb");
    }

    @Override
    public void onProgress(String label, long done, long runTotal) {
      if (!label.equals(currentLabel)) {
        if (currentLabel != null) {
          finishedRuns += runTotal;
        }
        currentLabel = label;
      }
      if (!enabled) {
        return;
      }
      if (bar == null && System.nanoTime() - start > PROGRESS_AFTER_NANOS) {
        bar =
            new ProgressBarBuilder()
                .setTaskName("simulate")
                .setInitialMax(total)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                .setUnit(" Mreq", 1_000_000)
                .build();
      }
      if (bar != null) {
        bar.stepTo(finishedRuns + done);
        bar.setExtraMessage(label);
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
