package io.github.fulcrumlb.rl.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.rl.features.FeatureSchema;
import io.github.fulcrumlb.rl.model.CostModel;
import io.github.fulcrumlb.rl.model.ModelMetadata;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import io.github.fulcrumlb.sim.Outcome;
import io.github.fulcrumlb.sim.RequestListener;
import io.github.fulcrumlb.sim.Simulation;
import io.github.fulcrumlb.sim.TrueClusterState;
import io.github.fulcrumlb.sim.report.RunResult;
import io.github.fulcrumlb.sim.scenario.Scenario;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the {@code rl} strategy's cost model on the simulator with DJL (PyTorch engine).
 *
 * <p><b>Algorithm: imitation of the clairvoyant, with on-policy data collection (DAgger).</b> The
 * clairvoyant row sends each request where it completes first, using what no balancer can see:
 * every backend's true current speed and queue. The {@code rl} strategy picks the lowest {@code
 * (inFlight + 1) × cost}; with {@code cost} = the true time a slot needs per request, that is the
 * clairvoyant's rule with the balancer's own queue counts. So the network learns to predict that
 * hidden cost (log, relative to the cluster) from what a balancer does see: stale, noisy host
 * metrics and its own counters. Each episode runs the current policy on a randomised scenario,
 * records at every {@code update} each backend's features together with its true cost at that
 * instant (the simulator's {@link TrueClusterState}), adds them to a replay buffer, then takes
 * minibatch Adam steps on the squared error. The first pass over the scenarios runs the fallback
 * ({@code p2c}) to seed the buffer and fix the feature normalisation; later episodes run the
 * learned policy, so the model is trained on the states its own routing produces (DAgger, Ross et
 * al. 2011), not only on states a heuristic visits. The episode reward (negative latency with a
 * penalty for unsuccessful requests) selects the checkpoint: after each pass over the scenarios the
 * current model runs every base scenario on held-out validation seeds ({@link Validation}).
 *
 * <p><b>Then reinforcement learning: PPO on the reward</b> ({@code rlEpisodes} episodes,
 * warm-started from the best imitation checkpoint). A training-only stochastic pick ({@link
 * BoltzmannPolicy}) samples among the serving window with probability softmax(−log((inFlight + 1) ×
 * cost) / τ), so log π of a decision is differentiable in the network outputs of its candidates;
 * sampled decisions are credited with their request's reward (−latency / mean, −10 if unsuccessful)
 * minus a time-local baseline, and {@link PolicyGradient} takes PPO's clipped-surrogate Adam steps
 * in DJL. PPO checkpoints are validated the same way; the model returned is the best of the
 * imitation checkpoint and the PPO checkpoints (the metadata's algorithm says which). See
 * docs/BENCHMARKS.md.
 *
 * <p>Reproducible: scenarios, seeds and minibatches come from one {@link SplittableRandom} seeded
 * by the config, and DJL's engine seed is set from it; PyTorch should run on one thread.
 *
 * <pre>{@code
 * System.setProperty("ai.djl.offline", "true"); // before any DJL class loads
 * CostModel model = new RlTrainer(config).train(EpisodeListener.NONE);
 * ModelFile.write(model, Path.of("my.rlmodel"));
 * }</pre>
 */
public final class RlTrainer {

  /** One line naming the algorithm, recorded in model files. */
  public static final String ALGORITHM =
      "DAgger-style imitation of the clairvoyant's per-backend cost (shared MLP, L2, Adam)";

  /** Recorded in model files whose weights come from the PPO stage. */
  public static final String ALGORITHM_PPO =
      ALGORITHM
          + ", then PPO fine-tuning on the episode "
          + "reward (Boltzmann window policy, clipped ratio, time-local baseline)";

  /** Told apart in model files: a PPO stage ran but did not beat imitation on validation. */
  public static final String ALGORITHM_PPO_REJECTED =
      ALGORITHM + " (PPO fine-tuning ran, not better on validation: imitation weights kept)";

  private static final int BUFFER_CAPACITY = 400_000;
  private static final int MIN_REQUESTS = 20_000;
  private static final int MAX_REQUESTS = 600_000;

  private final TrainingConfig config;
  private final DomainRandomizer randomizer = new DomainRandomizer();

  /** A trainer for {@code config}. */
  public RlTrainer(TrainingConfig config) {
    this.config = config;
  }

  /** Trains and returns the model; {@code listener} hears about every episode. */
  public CostModel train(EpisodeListener listener) {
    int f = FeatureSchema.size();
    SplittableRandom rnd = new SplittableRandom(config.seed());
    Engine.getInstance().setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
    ReplayBuffer buffer = new ReplayBuffer(BUFFER_CAPACITY, f);
    List<String> names = new ArrayList<>();
    for (Scenario s : config.scenarios()) {
      names.add(s.name());
    }
    SequentialBlock block = newBlock();
    double[] mean = null;
    double[] std = null;
    CostModel current = null;
    try (Model model = Model.newInstance("rl-cost", "PyTorch")) {
      model.setBlock(block);
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(Loss.l2Loss())
              .optOptimizer(
                  Optimizer.adam()
                      .optLearningRateTracker(Tracker.fixed(config.learningRate()))
                      .build());
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(1, f));
        int collectEpisodes =
            Math.min(config.scenarios().size(), Math.max(1, config.episodes() / 4));
        Validation validation = new Validation(config.scenarios(), rnd.nextLong() & Long.MAX_VALUE);
        CostModel best = null;
        float[][] bestWeights = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int e = 0; e < config.episodes(); e++) {
          Scenario s = episodeScenario(e, rnd);
          boolean collecting = e < collectEpisodes || current == null;
          CostModel policy = collecting ? null : current;
          RunResult result = runEpisode(s, policy, buffer);
          double loss = Double.NaN;
          if (e + 1 >= collectEpisodes && buffer.size() > 0) {
            if (mean == null) {
              mean = buffer.featureMean();
              std = buffer.featureStd(mean);
            }
            loss = fit(trainer, buffer, mean, std, rnd);
            current = export(block, mean, std, metadata(names, e + 1, ALGORITHM));
          }
          int sinceCollection = e + 1 - collectEpisodes;
          boolean endOfPass =
              sinceCollection > 0
                  && (sinceCollection % config.scenarios().size() == 0
                      || e + 1 == config.episodes());
          double score = Double.NaN;
          if (current != null && endOfPass) {
            score = validation.score(current);
            if (score < bestScore) {
              bestScore = score;
              best = current;
              bestWeights = weights(block);
            }
          }
          double reward = -result.meanMillis() * (1 + 10 * result.unsuccessfulFraction());
          listener.onEpisode(
              new EpisodeListener.Episode(
                  e + 1,
                  config.episodes() + config.rlEpisodes(),
                  baseScenario(e).name(),
                  collecting ? "p2c" : "learned",
                  reward,
                  result.meanMillis(),
                  loss,
                  buffer.size(),
                  score));
        }
        if (config.rlEpisodes() == 0 || current == null) {
          return best != null ? best : current;
        }
        // Policy-gradient stage, warm-started from the imitation checkpoint validation chose.
        if (best == null) {
          best = current;
          bestWeights = weights(block);
          bestScore = validation.score(current);
        }
        return ppoStage(
            model,
            block,
            best,
            bestWeights,
            bestScore,
            mean,
            std,
            validation,
            rnd,
            names,
            config.episodes(),
            listener);
      }
    }
  }

  /**
   * Runs only the policy-gradient (PPO) stage of {@link #train}, from {@code start}'s weights and
   * normalisation (its layer sizes must be 11-h-h-1 with h = the config's hidden units), for {@code
   * rlEpisodes} episodes, validating after every pass over the scenarios; returns the best of
   * {@code start} and the PPO checkpoints on the validation seeds.
   */
  public CostModel fineTune(CostModel start, EpisodeListener listener) {
    int f = FeatureSchema.size();
    SplittableRandom rnd = new SplittableRandom(config.seed());
    Engine.getInstance().setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
    List<String> names = new ArrayList<>();
    for (Scenario s : config.scenarios()) {
      names.add(s.name());
    }
    SequentialBlock block = newBlock();
    try (Model model = Model.newInstance("rl-cost", "PyTorch")) {
      model.setBlock(block);
      try (Trainer init = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
        init.initialize(new Shape(1, f));
      }
      double[][][] w = start.weights();
      double[][] b = start.biases();
      float[][] values = new float[2 * w.length][];
      for (int l = 0; l < w.length; l++) {
        int out = w[l].length;
        int in = w[l][0].length;
        values[2 * l] = new float[out * in];
        for (int o = 0; o < out; o++) {
          for (int i = 0; i < in; i++) {
            values[2 * l][o * in + i] = (float) w[l][o][i];
          }
        }
        values[2 * l + 1] = new float[out];
        for (int o = 0; o < out; o++) {
          values[2 * l + 1][o] = (float) b[l][o];
        }
      }
      setWeights(block, values);
      Validation validation = new Validation(config.scenarios(), rnd.nextLong() & Long.MAX_VALUE);
      return ppoStage(
          model,
          block,
          start,
          values,
          validation.score(start),
          start.mean(),
          start.std(),
          validation,
          rnd,
          names,
          start.metadata().episodes(),
          listener);
    }
  }

  private SequentialBlock newBlock() {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(config.hidden()).build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(config.hidden()).build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(1).build());
  }

  /**
   * PPO episodes from {@code start} (whose values are {@code startWeights}); returns the checkpoint
   * with the best validation score, {@code start} included.
   */
  private CostModel ppoStage(
      Model model,
      SequentialBlock block,
      CostModel start,
      float[][] startWeights,
      double startScore,
      double[] mean,
      double[] std,
      Validation validation,
      SplittableRandom rnd,
      List<String> names,
      int episodeOffset,
      EpisodeListener listener) {
    int f = FeatureSchema.size();
    setWeights(block, startWeights);
    CostModel best = start;
    double bestScore = startScore;
    CostModel policy = start;
    int total = episodeOffset + config.rlEpisodes();
    // A fresh Adam (moments left by the L2 loss would mis-scale the first PPO steps).
    DefaultTrainingConfig ppoConfig =
        new DefaultTrainingConfig(Loss.l2Loss())
            .optOptimizer(
                Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed(config.rlLearningRate()))
                    .build());
    try (Trainer ppo = model.newTrainer(ppoConfig)) {
      for (int r = 0; r < config.rlEpisodes(); r++) {
        int e = episodeOffset + r;
        Scenario s = episodeScenario(r, rnd);
        long requests = s.requests();
        DecisionBuffer decisions = new DecisionBuffer(config.decisionsPerEpisode(), f);
        // Spread the recorded decisions over the whole episode.
        double record = Math.min(1.0, 1.5 * config.decisionsPerEpisode() / (double) requests);
        int[] balancers = {0};
        CostModel acting = policy;
        RunResult result =
            Simulation.of(s)
                .withListener(decisions)
                .run(
                    RlStrategy.NAME,
                    ctx ->
                        new BoltzmannPolicy(
                            acting, ctx, balancers[0]++, decisions, config.temperature(), record));
        double loss = PolicyGradient.update(ppo, decisions, mean, std, config.temperature(), rnd);
        policy = export(block, mean, std, metadata(names, e + 1, ALGORITHM_PPO));
        boolean endOfPass =
            (r + 1) % config.scenarios().size() == 0 || r + 1 == config.rlEpisodes();
        double score = Double.NaN;
        if (endOfPass) {
          score = validation.score(policy);
          if (score < bestScore) {
            bestScore = score;
            best = policy;
          }
        }
        double reward = -result.meanMillis() * (1 + 10 * result.unsuccessfulFraction());
        listener.onEpisode(
            new EpisodeListener.Episode(
                e + 1,
                total,
                baseScenario(r).name(),
                "ppo",
                reward,
                result.meanMillis(),
                loss,
                decisions.resolvedIndices().length,
                score));
      }
    }
    if (best == start && config.rlEpisodes() > 0) {
      setWeights(block, startWeights);
      return export(
          block,
          mean,
          std,
          metadata(
              names,
              start.metadata().episodes(),
              start.metadata().algorithm().equals(ALGORITHM)
                  ? ALGORITHM_PPO_REJECTED
                  : start.metadata().algorithm()));
    }
    return best;
  }

  /** A copy of every parameter's values, in block order. */
  static float[][] weights(SequentialBlock block) {
    List<float[]> out = new ArrayList<>();
    for (Block child : block.getChildren().values()) {
      if (child instanceof Linear linear) {
        out.add(linear.getParameters().get("weight").getArray().toFloatArray());
        out.add(linear.getParameters().get("bias").getArray().toFloatArray());
      }
    }
    return out.toArray(new float[0][]);
  }

  /** Overwrites every parameter with {@code values} from {@link #weights}. */
  static void setWeights(SequentialBlock block, float[][] values) {
    int k = 0;
    for (Block child : block.getChildren().values()) {
      if (child instanceof Linear linear) {
        linear.getParameters().get("weight").getArray().set(values[k++]);
        linear.getParameters().get("bias").getArray().set(values[k++]);
      }
    }
  }

  private RunResult runEpisode(Scenario s, CostModel policy, ReplayBuffer buffer) {
    TrueClusterState[] view = new TrueClusterState[1];
    Map<String, Integer> index = new HashMap<>();
    RequestListener listener =
        new RequestListener() {
          @Override
          public void onStart(TrueClusterState cluster) {
            view[0] = cluster;
            for (int i = 0; i < cluster.size(); i++) {
              index.put(cluster.id(i), i);
            }
          }

          @Override
          public void onRequestEnd(
              int balancer, int backend, long arrival, long latency, Outcome o) {}
        };
    return Simulation.of(s)
        .withListener(listener)
        .run(
            RlStrategy.NAME,
            ctx ->
                new RlStrategy(
                    policy,
                    ctx,
                    (cluster, features) ->
                        record(config.target(), view[0], index, cluster, features, buffer)));
  }

  /** Adds each backend's features with its true log cost, relative to the snapshot's mean. */
  private static void record(
      TrainingConfig.Target target,
      TrueClusterState view,
      Map<String, Integer> index,
      ClusterSnapshot cluster,
      double[][] features,
      ReplayBuffer buffer) {
    if (view == null || cluster.size() < 2) {
      return;
    }
    int n = cluster.size();
    double[] label = new double[n];
    double sum = 0;
    int alive = 0;
    for (int i = 0; i < n; i++) {
      int b = index.getOrDefault(cluster.endpoint(i).id(), -1);
      if (b < 0 || !view.alive(b)) {
        label[i] = Double.NaN;
        continue;
      }
      double service = 1.0 / view.currentRate(b); // per unit of work: sizes are common
      if (target == TrainingConfig.Target.SERVICE_TIME) {
        label[i] = Math.log(service / view.concurrency(b));
      } else {
        // What the clairvoyant estimates for a new request there (wait for a slot, then
        // service), per request this balancer has outstanding there (+ 1, as the pick counts).
        double completion = service * Math.max(1.0, (view.inSystem(b) + 1.0) / view.concurrency(b));
        label[i] = Math.log(completion / (cluster.metrics(i).inFlight() + 1.0));
      }
      sum += label[i];
      alive++;
    }
    if (alive == 0) {
      return;
    }
    double m = sum / alive;
    for (int i = 0; i < n; i++) {
      // A dead backend (not yet noticed by health checks) is worth avoiding: a large cost.
      double y = Double.isNaN(label[i]) ? 3.0 : label[i] - m;
      buffer.add(features[i], Math.max(-3, Math.min(3, y)));
    }
  }

  private double fit(
      Trainer trainer, ReplayBuffer buffer, double[] mean, double[] std, SplittableRandom rnd) {
    int f = FeatureSchema.size();
    int batch = config.batchSize();
    float[] x = new float[batch * f];
    float[] y = new float[batch];
    double lossSum = 0;
    for (int step = 0; step < config.stepsPerEpisode(); step++) {
      buffer.sample(batch, rnd, x, y, mean, std);
      try (NDManager m = trainer.getManager().newSubManager()) {
        NDArray xs = m.create(x, new Shape(batch, f));
        NDArray ys = m.create(y, new Shape(batch, 1));
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDList pred = trainer.forward(new NDList(xs));
          NDArray loss = trainer.getLoss().evaluate(new NDList(ys), pred);
          lossSum += loss.getFloat();
          gc.backward(loss);
        }
        trainer.step();
      }
    }
    return lossSum / config.stepsPerEpisode();
  }

  /** Copies the DJL weights into a plain-Java {@link CostModel}. */
  static CostModel export(
      SequentialBlock block, double[] mean, double[] std, ModelMetadata metadata) {
    List<double[][]> weights = new ArrayList<>();
    List<double[]> biases = new ArrayList<>();
    for (Block child : block.getChildren().values()) {
      if (child instanceof Linear linear) {
        NDArray w = linear.getParameters().get("weight").getArray();
        NDArray b = linear.getParameters().get("bias").getArray();
        int out = (int) w.getShape().get(0);
        int in = (int) w.getShape().get(1);
        float[] flat = w.toFloatArray();
        double[][] rows = new double[out][in];
        for (int o = 0; o < out; o++) {
          for (int i = 0; i < in; i++) {
            rows[o][i] = flat[o * in + i];
          }
        }
        float[] bf = b.toFloatArray();
        double[] bd = new double[bf.length];
        for (int i = 0; i < bf.length; i++) {
          bd[i] = bf[i];
        }
        weights.add(rows);
        biases.add(bd);
      }
    }
    return new CostModel(
        metadata, mean, std, weights.toArray(new double[0][][]), biases.toArray(new double[0][]));
  }

  private ModelMetadata metadata(List<String> names, int episodes, String algorithm) {
    return new ModelMetadata(
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        config.seed(),
        episodes,
        names,
        Engine.getDjlVersion(),
        algorithm,
        config.command());
  }

  /**
   * The scenario of training episode {@code index}: the bundled scenarios in turn, randomised when
   * the configuration says so, with a fresh seed, as long as the scenario as written (so that its
   * faults and swaps happen) and at least {@code simulatedSeconds}, in requests at the randomised
   * rate. Draws from {@code rnd} in a fixed order (randomisation, then the seed), so a training
   * seed reproduces its episodes.
   */
  private Scenario episodeScenario(int index, SplittableRandom rnd) {
    Scenario base = baseScenario(index);
    Scenario s = config.randomize() ? randomizer.randomize(base, rnd) : base;
    long episodeSeed = rnd.nextLong() & Long.MAX_VALUE;
    double seconds = Math.max(config.simulatedSeconds(), base.requests() / base.arrivals().rate());
    long requests =
        Math.max(MIN_REQUESTS, Math.min(MAX_REQUESTS, Math.round(s.arrivals().rate() * seconds)));
    return s.withSeed(episodeSeed).withRequests(requests);
  }

  /** The bundled scenario behind training episode {@code index}: each in turn. */
  private Scenario baseScenario(int index) {
    return config.scenarios().get(index % config.scenarios().size());
  }
}
