package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.rl.model.CostModel;
import io.github.fulcrumlb.rl.model.ModelFile;
import io.github.fulcrumlb.rl.training.EpisodeListener;
import io.github.fulcrumlb.rl.training.RlTrainer;
import io.github.fulcrumlb.rl.training.TrainingConfig;
import io.github.fulcrumlb.sim.scenario.Scenario;
import io.github.fulcrumlb.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fulcrum train}: trains the {@code rl} strategy's cost model on simulated clusters (lb-sim
 * with domain randomisation) with DJL, and writes a model file for {@code simulate --model} or the
 * strategy's {@code model} option. Reproducible from the seed.
 *
 * <pre>{@code
 * ./fulcrum train --seed 42 --out my.rlmodel
 * ./fulcrum train --scenarios heterogeneous,stale-herd --episodes 20 --seed 7 --out small.rlmodel
 * ./fulcrum simulate --scenario stale-herd --strategies rl,p2c --model my.rlmodel --seed 101
 * }</pre>
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train the rl strategy on simulated clusters and write a model file.",
      "Each episode runs a randomised variant of one scenario (speeds, backend count, load "
          + "30-95%%, metric period and lag, number of balancers) and fits the network to the "
          + "clairvoyant's per-backend cost, with host metrics taken away at random in many "
          + "episodes; then --rl-episodes of PPO fine-tune it on the "
          + "reward, kept only if better on validation seeds (see lb-rl's RlTrainer)."
    })
public final class TrainCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--scenarios",
      paramLabel = "all|a,b",
      defaultValue = "all",
      description =
          "Scenarios to train on: bundled names or YAML files, comma-separated, or all "
              + "(default: ${DEFAULT-VALUE}): every bundled scenario but the held-out ones "
              + "(drift), which test behaviour training never saw.")
  private String scenarios;

  @Option(
      names = "--episodes",
      paramLabel = "N",
      defaultValue = "90",
      description = "Episodes (default: ${DEFAULT-VALUE}).")
  private int episodes;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Seed of everything random in training (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "Where to write the model file.")
  private Path out;

  @Option(
      names = "--seconds",
      paramLabel = "T",
      defaultValue = "200",
      description = "Simulated seconds per episode (default: ${DEFAULT-VALUE}).")
  private double seconds;

  @Option(
      names = "--steps",
      paramLabel = "N",
      defaultValue = "150",
      description = "Gradient steps after each episode (default: ${DEFAULT-VALUE}).")
  private int steps;

  @Option(
      names = "--target",
      paramLabel = "completion-time|service-time",
      defaultValue = "completion-time",
      description =
          "What the network learns per backend (default: ${DEFAULT-VALUE}); see "
              + "TrainingConfig.Target.")
  private String target;

  @Option(
      names = "--rl-episodes",
      paramLabel = "N",
      defaultValue = "18",
      description =
          "Policy-gradient (PPO) episodes after imitation, warm-started from it; the result is kept"
              + " only if better on the validation seeds (default: ${DEFAULT-VALUE}).")
  private int rlEpisodes;

  @Option(
      names = "--rl-lr",
      paramLabel = "LR",
      defaultValue = "3e-5",
      description = "Adam learning rate of the PPO stage (default: ${DEFAULT-VALUE}).")
  private float rlLearningRate;

  @Option(
      names = "--temperature",
      paramLabel = "T",
      defaultValue = "0.1",
      description =
          "Temperature of the stochastic policy of the PPO stage (default: " + "${DEFAULT-VALUE}).")
  private double temperature;

  @Option(
      names = "--no-metric-dropout",
      description =
          "Train with every scenario's host metrics as written. By default episodes lose host"
              + " metrics at random (all of them, some backends', or samples seconds late) and"
              + " validation also scores each scenario without them, so one model serves with and"
              + " without a metrics source.")
  private boolean noMetricDropout;

  @Option(names = "--quiet", description = "No progress bar: one line per episode instead.")
  private boolean quiet;

  @Override
  public Integer call() throws IOException {
    // One PyTorch thread, set before DJL loads its engine.
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    FlagValues.atLeast("--episodes", episodes, 1);
    FlagValues.atLeast("--rl-episodes", rlEpisodes, 0);
    FlagValues.atLeast("--steps", steps, 1);
    FlagValues.positive("--seconds", seconds);
    FlagValues.positive("--rl-lr", rlLearningRate);
    FlagValues.positive("--temperature", temperature);
    AtomicFile.checkWritable("--out", out); // before training, so no work is lost
    List<Scenario> list = new ArrayList<>();
    List<String> names =
        scenarios.trim().equals("all")
            ? ScenarioLoader.trainableNames()
            : FlagValues.items("--scenarios", scenarios);
    for (String name : names) {
      try {
        list.add(ScenarioLoader.resolve(name));
      } catch (IOException | java.io.UncheckedIOException e) {
        throw FlagValues.unreadable("--scenarios", Path.of(name), e);
      }
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("--scenarios names no scenario");
    }
    String command =
        String.format(
            Locale.ROOT,
            "./fulcrum train --scenarios %s --episodes %d --seed %d --seconds %s --steps %d"
                + " --target %s%s%s --out %s",
            scenarios,
            episodes,
            seed,
            stripZero(seconds),
            steps,
            target,
            rlEpisodes == 0
                ? ""
                : String.format(
                    Locale.ROOT,
                    " --rl-episodes %d --rl-lr %s " + "--temperature %s",
                    rlEpisodes,
                    rlLearningRate,
                    stripZero(temperature)),
            noMetricDropout ? " --no-metric-dropout" : "",
            out.getFileName());
    TrainingConfig config =
        TrainingConfig.builder()
            .scenarios(list)
            .episodes(episodes)
            .seed(seed)
            .simulatedSeconds(seconds)
            .stepsPerEpisode(steps)
            .target(target())
            .command(command)
            .rlEpisodes(rlEpisodes)
            .rlLearningRate(rlLearningRate)
            .temperature(temperature)
            .metricDropout(!noMetricDropout)
            .build();
    PrintWriter stdout = spec.commandLine().getOut();
    long start = System.nanoTime();
    CostModel model;
    boolean bar =
        !quiet
            && (System.console() != null
                || (System.getenv("CI") == null
                    && System.getenv("TERM") != null
                    && !"dumb".equals(System.getenv("TERM"))));
    if (bar) {
      try (ProgressBar progress =
          new ProgressBarBuilder()
              .setTaskName("train")
              .setInitialMax(episodes + rlEpisodes)
              .setUpdateIntervalMillis(250)
              .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
              .setUnit(" ep", 1)
              .build()) {
        model =
            new RlTrainer(config)
                .train(
                    e -> {
                      progress.stepTo(e.episode());
                      progress.setExtraMessage(
                          String.format(
                              Locale.ROOT,
                              "%s: reward %.1f, mean %.1f ms",
                              e.scenario(),
                              e.reward(),
                              e.meanMillis()));
                    });
      }
    } else {
      model =
          new RlTrainer(config)
              .train(
                  e -> {
                    stdout.println(describe(e));
                    stdout.flush();
                  });
    }
    CostModel trained = model;
    Path written = AtomicFile.write("--out", out, ".tmp", tmp -> ModelFile.write(trained, tmp));
    stdout.printf(
        Locale.ROOT,
        "Model written to %s (%d episodes, seed %d, %.0f s): %s%n",
        written,
        episodes + rlEpisodes,
        seed,
        (System.nanoTime() - start) / 1e9,
        model.metadata().algorithm());
    stdout.flush();
    return 0;
  }

  private TrainingConfig.Target target() {
    switch (target.trim()) {
      case "completion-time":
        return TrainingConfig.Target.COMPLETION_TIME;
      case "service-time":
        return TrainingConfig.Target.SERVICE_TIME;
      default:
        throw new IllegalArgumentException(
            "--target must be completion-time or service-time but was " + target);
    }
  }

  private static String describe(EpisodeListener.Episode e) {
    return String.format(
        Locale.ROOT,
        "episode %d/%d %s (%s): reward %.1f, mean %.1f ms, loss %.4f, samples %d%s",
        e.episode(),
        e.episodes(),
        e.scenario(),
        e.policy(),
        e.reward(),
        e.meanMillis(),
        e.loss(),
        e.samples(),
        Double.isNaN(e.validation())
            ? ""
            : String.format(Locale.ROOT, ", validation %.4f", e.validation()));
  }

  private static String stripZero(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
