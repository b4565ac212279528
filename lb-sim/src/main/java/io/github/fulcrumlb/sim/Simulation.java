package io.github.fulcrumlb.sim;

import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.StrategyProvider;
import io.github.fulcrumlb.api.StrategySpec;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.sim.balancer.SimulatedBalancer;
import io.github.fulcrumlb.sim.engine.RandomStreams;
import io.github.fulcrumlb.sim.engine.SimulatedClock;
import io.github.fulcrumlb.sim.oracle.Clairvoyant;
import io.github.fulcrumlb.sim.report.RunResult;
import io.github.fulcrumlb.sim.report.ScenarioReport;
import io.github.fulcrumlb.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The simulator's entry point: runs strategies on a {@link Scenario} and returns their results,
 * each read against the clairvoyant oracle (and, when asked, against two oracles that know less:
 * {@link #runSizeBlindOracle}, {@link #runCountOracle}).
 *
 * <p>Every run of a scenario with a given seed sees exactly the same requests (arrival times,
 * sizes, keys, background load and faults are drawn from streams of their own), so rows differ only
 * by the strategy's decisions, and equal seeds give identical results. Strategies are created per
 * balancer with {@link Strategies#create(String, StrategyContext)} and a context holding the
 * simulated clock, a seeded {@link SeededRandomSource} and the scenario's options for that
 * strategy: the same code path as production. A strategy may be named with options in brackets
 * ({@link StrategySpec}: {@code rl[scan=8]}); they override the scenario's options of the same name
 * and the row is labelled exactly as written. Runs are single-threaded; instances are immutable and
 * may be shared.
 *
 * <pre>{@code
 * Scenario scenario = ScenarioLoader.bundled("heterogeneous");
 * ScenarioReport report =
 *     Simulation.of(scenario).compare(List.of("random", "p2c", "rl", "rl[scan=8]"));
 * System.out.print(ReportFormat.TABLE.render(report));
 *
 * // An RL trainer: one episode with its own strategy, observing every request.
 * RunResult episode = Simulation.of(scenario.withSeed(episodeSeed))
 *     .withListener(rewards)
 *     .run("rl", ctx -> new RlStrategy(model, ctx, FeatureObserver.NONE)); // lb-rl
 * }</pre>
 */
public final class Simulation {
  private final Scenario scenario;
  private final RequestListener listener;
  private final ProgressListener progress;

  private Simulation(Scenario scenario, RequestListener listener, ProgressListener progress) {
    this.scenario = scenario;
    this.listener = listener;
    this.progress = progress;
  }

  /** A simulation of {@code scenario} without listeners. */
  public static Simulation of(Scenario scenario) {
    if (scenario == null) {
      throw new IllegalArgumentException("scenario must not be null");
    }
    return new Simulation(scenario, (k, b, a, l, o) -> {}, ProgressListener.NONE);
  }

  /** The scenario. */
  public Scenario scenario() {
    return scenario;
  }

  /** This simulation, telling {@code value} about every request of every run. */
  public Simulation withListener(RequestListener value) {
    if (value == null) {
      throw new IllegalArgumentException("listener must not be null");
    }
    return new Simulation(scenario, value, progress);
  }

  /** This simulation, reporting progress to {@code value}. */
  public Simulation withProgress(ProgressListener value) {
    if (value == null) {
      throw new IllegalArgumentException("progress must not be null");
    }
    return new Simulation(scenario, listener, value);
  }

  /** Names of every strategy on the class path, sorted. */
  public static List<String> availableStrategies() {
    List<String> names = new ArrayList<>();
    for (StrategyProvider p : Strategies.providers()) {
      names.add(p.name());
    }
    return names;
  }

  /**
   * One run with the named strategy behind each balancer; {@code strategy} may carry options in
   * brackets ({@link StrategySpec}), which override the scenario's options for that strategy, and
   * is the row's label as written.
   *
   * @throws IllegalArgumentException if the spec is malformed, no strategy has that name or its
   *     options are invalid
   */
  public RunResult run(String strategy) {
    StrategySpec spec = StrategySpec.parse(strategy);
    StrategyProvider provider = Strategies.provider(spec.name());
    return run(spec.label(), optionsOf(spec), provider::create);
  }

  /**
   * One run with strategies made by {@code factory}, one per balancer, each given a context with
   * the simulated clock, its own seeded randomness and the scenario's options for {@code label}.
   *
   * @param label the row's name in results; also the key of the scenario's strategy options
   */
  public RunResult run(String label, Function<StrategyContext, Strategy> factory) {
    return run(label, scenario.balancers().optionsFor(label), factory);
  }

  private RunResult run(
      String label, Map<String, String> options, Function<StrategyContext, Strategy> factory) {
    SimulatedClock clock = new SimulatedClock();
    RandomStreams streams = new RandomStreams(scenario.seed());
    int count = scenario.balancers().count();
    SimulatedBalancer[] balancers = new SimulatedBalancer[count];
    for (int k = 0; k < count; k++) {
      StrategyContext context =
          StrategyContext.builder()
              .time(clock)
              .random(new SeededRandomSource(streams.streamSeed(RandomStreams.STRATEGY, k)))
              .options(options)
              .build();
      balancers[k] = new SimulatedBalancer(factory.apply(context), scenario.backends(), clock);
    }
    return new ClusterRun(scenario, label, clock, balancers, null, listener, progress).run();
  }

  /** The scenario's options for the spec's strategy, with the spec's own put over them. */
  private Map<String, String> optionsOf(StrategySpec spec) {
    return spec.optionsOver(scenario.balancers().optionsFor(spec.name()));
  }

  /** One run with the clairvoyant oracle routing every request. */
  public RunResult runClairvoyant() {
    return runOracle(Clairvoyant.knowingSizes());
  }

  /**
   * One run with the size-blind oracle routing every request ({@link Clairvoyant#sizeBlind}: the
   * clairvoyant without the request's size, which it takes to be the scenario's mean size).
   */
  public RunResult runSizeBlindOracle() {
    return runOracle(Clairvoyant.sizeBlind(scenario.sizes().mean()));
  }

  /**
   * One run with the count-only oracle routing every request ({@link Clairvoyant#countOnly}: true
   * request counts, slots and rates of every backend, no sizes, no queued work).
   */
  public RunResult runCountOracle() {
    return runOracle(Clairvoyant.countOnly(scenario.sizes().mean()));
  }

  private RunResult runOracle(Clairvoyant oracle) {
    SimulatedClock clock = new SimulatedClock();
    return new ClusterRun(scenario, oracle.name(), clock, null, oracle, listener, progress).run();
  }

  /**
   * Whether {@code name} is one of the oracles {@link #compare} accepts among the strategies, as a
   * row of its own read against the clairvoyant: {@value Clairvoyant#SIZE_BLIND_NAME} or {@value
   * Clairvoyant#COUNT_ONLY_NAME}.
   */
  public static boolean isOracleRow(String name) {
    return Clairvoyant.isWeakerOracle(name);
  }

  /**
   * One run per named strategy (each may carry options in brackets, see {@link #run(String)}), in
   * order, plus the clairvoyant run. The list may also name {@value Clairvoyant#SIZE_BLIND_NAME} or
   * {@value Clairvoyant#COUNT_ONLY_NAME} (no options): a row run by that oracle ({@link
   * #runSizeBlindOracle}, {@link #runCountOracle}).
   *
   * @throws IllegalArgumentException before any run, naming the spec, if one is malformed, names no
   *     strategy or has options its strategy rejects
   */
  public ScenarioReport compare(List<String> strategies) {
    for (String s : strategies) {
      if (isOracleRow(s)) {
        continue;
      }
      StrategySpec spec = StrategySpec.parse(s);
      StrategyProvider provider = Strategies.provider(spec.name());
      try {
        // Fail fast on a misspelt name or option, before any run.
        provider.create(
            StrategyContext.builder()
                .time(new SimulatedClock())
                .random(new SeededRandomSource(0))
                .options(optionsOf(spec))
                .build());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(spec.label() + ": " + e.getMessage(), e);
      }
    }
    List<RunResult> rows = new ArrayList<>();
    for (String s : strategies) {
      if (!isOracleRow(s)) {
        rows.add(run(s));
      } else {
        rows.add(Clairvoyant.SIZE_BLIND_NAME.equals(s) ? runSizeBlindOracle() : runCountOracle());
      }
    }
    return new ScenarioReport(scenario, rows, runClairvoyant());
  }
}
