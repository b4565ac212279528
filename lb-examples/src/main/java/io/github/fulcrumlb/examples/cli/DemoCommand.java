package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.StrategySpec;
import io.github.fulcrumlb.examples.demo.DemoResult;
import io.github.fulcrumlb.examples.demo.DemoRun;
import io.github.fulcrumlb.examples.demo.DemoSettings;
import io.github.fulcrumlb.examples.demo.DemoTables;
import io.github.fulcrumlb.examples.demo.DemoView;
import io.github.fulcrumlb.sim.report.LatencyChart;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fulcrum demo}: the whole system on one machine, with nothing external: CPU-bound UDP
 * backends of different capacities, the UDP balancer with the {@code rl} strategy on their metrics,
 * Poisson traffic, a noisy neighbour half-way, a live view, then a summary. Ends by itself.
 *
 * <pre>{@code
 * ./fulcrum demo                                   # 30 s, rl, 4 backends, 800 datagrams/s
 * ./fulcrum demo --compare                         # rl, rl[online=true], six heuristics, 15 s each
 * ./fulcrum demo --compare 'rl,rl[scan=2],p2c'     # options in brackets: a row per variant
 * ./fulcrum demo --seconds 5 --plain               # for logs and CI
 * ./fulcrum demo --seconds 60 --strategy-option online=true   # rl learns online; live view shows it
 * ./fulcrum demo --influx http://127.0.0.1:8086    # metrics via InfluxDB, decisions written back
 * }</pre>
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Watch the balancer work: UDP backends, the UDP balancer (rl) and traffic in this process,"
          + " a live view, then a summary. Ends by itself.",
      "",
      "The whole system on this machine, nothing external: UDP backends in this process,"
          + " each doing real CPU work per datagram with its own capacity (backend-i has 1 or 2"
          + " worker threads and spends 200 us x 2^(i mod 4) of CPU per datagram); the UDP balancer"
          + " (one pick per datagram) with a strategy (default rl and its shipped model) fed with"
          + " the backends' metrics; open-loop Poisson traffic (or closed loop); half-way, a noisy"
          + " neighbour takes one of backend-0's cores (--neighbour) half of the time. A live"
          + " view, then a summary, both with each backend's share of traffic before and after"
          + " the neighbour started."
          + " Loopback only; ends by itself after --seconds; Ctrl-C prints the summary so far.",
      "",
      "Metrics, as Telegraf would report them for a host per backend (every --metrics-interval):"
          + " cpu = 1 - usage_idle/100 is the CPU time of the backend's threads (ThreadMXBean)"
          + " over its worker count x the interval; mem used_percent/100 is its queue fill;"
          + " net bytes_recv/bytes_sent rates are its socket byte counters. With --influx they"
          + " are written in that schema (host tag = backend id, plus this machine's real /proc"
          + " usage under its host name) and read back by InfluxMetricsSource; decisions go to"
          + " measurement fulcrum_backend.",
      ""
    })
public final class DemoCommand implements Callable<Integer> {
  /**
   * Strategies compared by a bare {@code --compare}: rl as shipped, rl with online learning, and
   * every heuristic they must beat.
   */
  public static final String DEFAULT_COMPARE =
      "rl,rl[online=true],least-request,p2c,peak-ewma,least-load,weighted-round-robin,round-robin";

  /** Seconds of traffic per run without {@code --seconds}. */
  public static final double DEFAULT_SECONDS = 30;

  /**
   * Seconds per strategy with {@code --compare} and without {@code --seconds}: the eight default
   * strategies then take about two minutes in all, and each still has the neighbour for half its
   * run.
   */
  public static final double DEFAULT_COMPARE_SECONDS = 15;

  @Option(
      names = "--strategy",
      defaultValue = "rl",
      paramLabel = "NAME",
      description =
          "Strategy (see `fulcrum strategies`), options in brackets allowed (rl[scan=8])."
              + " Default: ${DEFAULT-VALUE}.")
  String strategy;

  @Option(
      names = "--strategy-option",
      paramLabel = "KEY=VALUE",
      description =
          "An option of --strategy, e.g. online=true (rl: learn online; the live view shows the"
              + " learner); repeatable. Not with --compare.")
  Map<String, String> strategyOptions = new LinkedHashMap<>();

  @Option(
      names = "--compare",
      arity = "0..1",
      fallbackValue = DEFAULT_COMPARE,
      paramLabel = "[A,B,...]",
      hideParamSyntax = true,
      description =
          "Run the same workload through each strategy in turn (--seconds each), then"
              + " print one table and write a chart. A name may carry options in brackets,"
              + " e.g. 'rl,rl[scan=2],p2c': the row is labelled as written. Without a list: "
              + DEFAULT_COMPARE
              + ".")
  List<String> compare;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description =
          "How long traffic runs, per strategy with --compare. Default: 30; with"
              + " --compare 15.")
  Double seconds;

  @Option(
      names = "--rate",
      defaultValue = "800",
      paramLabel = "N",
      description =
          "Open-loop Poisson datagrams per second. Default: ${DEFAULT-VALUE} (busy, not"
              + " saturated, on 2 cores).")
  double rate;

  @Option(
      names = "--closed-loop",
      defaultValue = "0",
      paramLabel = "N",
      description = "Closed loop instead: N requests in flight, each reply sends the next.")
  int closedLoop;

  @Option(
      names = "--backends",
      defaultValue = "4",
      paramLabel = "N",
      description = "Number of backends, in [1, 16]. Default: ${DEFAULT-VALUE}.")
  int backends;

  @Option(
      names = "--max-requests",
      defaultValue = "1000000",
      paramLabel = "N",
      description = "Most datagrams sent per run. Default: ${DEFAULT-VALUE}.")
  long maxRequests;

  @Option(
      names = "--metrics-interval",
      defaultValue = "2s",
      paramLabel = "DURATION",
      description =
          "How often backend metrics are sampled (Telegraf's interval; its default is"
              + " 10s). Default: ${DEFAULT-VALUE}.")
  String metricsInterval;

  @Option(
      names = "--refresh",
      defaultValue = "1s",
      paramLabel = "DURATION",
      description = "How often the live view is redrawn. Default: ${DEFAULT-VALUE}.")
  String refresh;

  @Option(
      names = "--neighbour",
      defaultValue = "0",
      paramLabel = "INDEX",
      description =
          "Backend that gets a noisy neighbour half-way; -1: none." + " Default: ${DEFAULT-VALUE}.")
  int neighbour;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "N",
      description = "Seed of the arrival process. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--warmup",
      defaultValue = "1",
      paramLabel = "S",
      description =
          "Seconds of traffic through round-robin before the first run, not shown or"
              + " counted (the JVM compiles the hot paths). Default: ${DEFAULT-VALUE}; 0: none.")
  double warmup;

  @Option(
      names = "--plain",
      description =
          "Print frames as plain lines instead of redrawing in place (automatic when"
              + " the output is not a terminal).")
  boolean plain;

  @Option(
      names = "--chart",
      defaultValue = "demo-compare.png",
      paramLabel = "FILE",
      description = "With --compare: where the PNG chart goes. Default: ${DEFAULT-VALUE}.")
  Path chart;

  @Option(
      names = "--influx",
      paramLabel = "URL",
      description =
          "Read metrics from this InfluxDB (Telegraf's schema, written by per-backend"
              + " feeders) and write decisions there, instead of in memory.")
  String influx;

  @Option(
      names = "--influx-database",
      defaultValue = "telegraf",
      paramLabel = "NAME",
      description =
          "Its database (must exist; on 2.x the DBRP-mapped name)." + " Default: ${DEFAULT-VALUE}.")
  String influxDatabase;

  @Option(
      names = "--metrics-listen",
      paramLabel = "HOST:PORT",
      description =
          "Serve the running balancer's Prometheus metrics on http://HOST:PORT/metrics"
              + " and /health, to watch the demo in Prometheus (series tagged with the strategy).")
  String metricsListen;

  @Spec private CommandSpec spec;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<String> strategies =
        compare == null ? List.of(strategy) : strategyList("--compare", compare);
    checkStrategies(compare == null ? "--strategy" : "--compare", strategies);
    FlagValues.nonNegative("--warmup", warmup);
    Map<String, String> options = FlagValues.options("--strategy-option", strategyOptions);
    if (compare != null && !options.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "--strategy-option applies to --strategy only, not to the strategies of --compare");
    }
    if (!options.isEmpty()) {
      // Checked before anything starts: an unknown option fails here, with the strategy's message.
      StrategySpec chosen = StrategySpec.parse(strategy);
      Strategies.create(
          chosen.name(), StrategyContext.builder().options(chosen.optionsOver(options)).build());
    }
    double runSeconds =
        seconds != null ? seconds : compare != null ? DEFAULT_COMPARE_SECONDS : DEFAULT_SECONDS;
    DemoSettings settings =
        new DemoSettings(
            strategies.get(0),
            backends,
            rate,
            closedLoop,
            runSeconds,
            maxRequests,
            FlagValues.duration("--metrics-interval", metricsInterval),
            FlagValues.duration("--refresh", refresh),
            neighbour,
            seed,
            64,
            influx,
            influxDatabase,
            options);
    if (compare != null) {
      AtomicFile.checkWritable("--chart", chart); // before the runs, not after them
    }
    DemoMetricsEndpoint endpoint = DemoMetricsEndpoint.open(metricsListen, out);
    boolean ansi = !plain && System.console() != null && !"dumb".equals(System.getenv("TERM"));
    DemoView view = new DemoView(out, ansi);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fulcrum-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      out.printf(
          "fulcrum demo: %d backends (%s), %s, %.0f s%s%n",
          backends,
          backendList(),
          closedLoop > 0
              ? closedLoop + " requests in flight (closed loop)"
              : String.format(java.util.Locale.ROOT, "Poisson %.0f datagrams/s", rate),
          runSeconds,
          strategies.size() > 1 ? " per strategy: " + String.join(", ", strategies) : "");
      out.flush();
      if (warmup > 0) {
        DemoRun.run(
            new DemoSettings(
                "round-robin",
                backends,
                rate,
                closedLoop,
                warmup,
                maxRequests,
                settings.metricsInterval(),
                settings.refresh(),
                -1,
                seed + 1,
                64,
                null,
                influxDatabase,
                Map.of()),
            null,
            stop);
      }
      List<DemoResult> results = new ArrayList<>();
      for (String name : strategies) {
        if (stop.getCount() == 0) {
          break;
        }
        DemoResult r = DemoRun.run(settings.withStrategy(name), view, stop, endpoint::attach);
        view.finish();
        results.add(r);
        out.print(DemoTables.summary(r));
        out.println();
        out.flush();
      }
      if (compare != null && !results.isEmpty()) {
        out.print(DemoTables.compare(results));
        Map<String, Histogram> series = new LinkedHashMap<>();
        results.forEach(r -> series.put(r.strategy(), r.latencies()));
        String title =
            String.format(
                java.util.Locale.ROOT,
                "fulcrum demo: round trip by percentile (%d backends, %s)",
                backends,
                closedLoop > 0 ? closedLoop + " in flight" : (long) rate + " datagrams/s");
        Path written =
            AtomicFile.write(
                "--chart", chart, ".png", tmp -> LatencyChart.write(title, series, null, tmp));
        out.println("chart: " + written);
      }
      out.flush();
      return 0;
    } finally {
      endpoint.close();
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down (Ctrl-C): the hook has run
      }
    }
  }

  /** The strategy specs of every occurrence of {@code flag}, split at commas outside brackets. */
  private static List<String> strategyList(String flag, List<String> occurrences) {
    List<String> out = new ArrayList<>();
    try {
      for (String occurrence : occurrences) {
        out.addAll(StrategySpec.splitList(occurrence));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(flag + " names nothing");
    }
    return out;
  }

  /**
   * Creates each strategy once, so that a malformed spec, an unknown name or an option the strategy
   * rejects is an error naming the spec before any run, not after the first ones.
   */
  private static void checkStrategies(String flag, List<String> specs) {
    for (String text : specs) {
      try {
        StrategySpec spec = StrategySpec.parse(text);
        Strategies.create(spec.name(), StrategyContext.builder().options(spec.options()).build());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(flag + " " + text + ": " + e.getMessage(), e);
      }
    }
  }

  private String backendList() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < backends && i < 16; i++) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(DemoSettings.workersOf(i))
          .append('x')
          .append(DemoSettings.workMicrosOf(i))
          .append("us");
    }
    return b.toString();
  }

  /** Asks a running demo to stop as Ctrl-C would (tests). */
  void requestStop() {
    stop.countDown();
  }
}
