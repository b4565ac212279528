package io.github.fulcrumlb.rl.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
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
import io.github.fulcrumlb.sim.cluster.FaultSpec;
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
  private static final long MAX_REQUESTS_WITH_FAULTS = 1_500_000;
  private static final double AFTER_LAST_FAULT_SECONDS = 30;

  private final TrainingConfig config;
  private final DomainRandomizer randomizer = new DomainRandomizer();

  /** A trainer for {@code config}. */
  public RlTrainer(TrainingConfig config) {
    this.config = config;
  }

  /** Trains and returns the model; {@code listener} hears about every episode. */
  public CostModel train(EpisodeListener listener) {
    int f = FeatureSchema.size();
    ReplayBuffer buffer = new ReplayBuffer(BUFFER_CAPACITY, f);
    double[] mean = null;
    double[] std = null;
    CostModel current = null;
    CostModel best = null;
    float[][] bestWeights = null;
    double bestScore = Double.POSITIVE_INFINITY;
    try (Session session = new Session()) {
      SplittableRandom rnd = session.rnd;
      try (Trainer trainer = session.newTrainer(config.learningRate())) {
        trainer.initialize(new Shape(1, f));
        int collectEpisodes =
            Math.min(config.scenarios().size(), Math.max(1, config.episodes() / 4));
        for (int e = 0; e < config.episodes(); e++) {
          Scenario s = episodeScenario(e, rnd);
          MetricDropout dropout = episodeDropout(rnd);
          boolean collecting = e < collectEpisodes || current == null;
          CostModel policy = collecting ? null : current;
          RunResult result = runEpisode(s, dropout, policy, buffer);
          double loss = Double.NaN;
          if (e + 1 >= collectEpisodes && buffer.size() > 0) {
            if (mean == null) {
              mean = buffer.featureMean();
              std = buffer.featureStd(mean);
            }
            loss = fit(trainer, buffer, mean, std, rnd);
            current =
                NetworkWeights.export(
                    session.block, mean, std, metadata(session.names, e + 1, ALGORITHM));
          }
          int sinceCollection = e + 1 - collectEpisodes;
          boolean endOfPass =
              sinceCollection > 0
                  && (sinceCollection % config.scenarios().size() == 0
                      || e + 1 == config.episodes());
          double score = Double.NaN;
          if (current != null && endOfPass) {
            score = session.validation.score(current);
            if (score < bestScore) {
              bestScore = score;
              best = current;
              bestWeights = NetworkWeights.read(session.block);
            }
          }
          listener.onEpisode(
              new EpisodeListener.Episode(
                  e + 1,
                  config.episodes() + config.rlEpisodes(),
                  baseScenario(e).name(),
                  collecting ? "p2c" : "learned",
                  Validation.reward(result),
                  result.meanMillis(),
                  loss,
                  buffer.size(),
                  score));
        }
        if (config.rlEpisodes() == 0 || current == null) {
          return best != null ? best : current;
        }
      }
      // Policy-gradient stage, warm-started from the imitation checkpoint validation chose.
      if (best == null) {
        best = current;
        bestWeights = NetworkWeights.read(session.block);
        bestScore = session.validation.score(current);
      }
      return ppoStage(
          session, new PpoStart(best, bestWeights, bestScore, config.episodes()), listener);
    }
  }

  /**
   * Runs only the policy-gradient (PPO) stage of {@link #train}, from {@code start}'s weights and
   * normalisation (its layer sizes must be f-h-h-1 with f the feature count and h the config's
   * hidden units), for {@code rlEpisodes} episodes, validating after every pass over the scenarios;
   * returns the best of {@code start} and the PPO checkpoints on the validation seeds.
   */
  public CostModel fineTune(CostModel start, EpisodeListener listener) {
    try (Session session = new Session()) {
      try (Trainer init = session.newTrainer(config.learningRate())) {
        init.initialize(new Shape(1, FeatureSchema.size()));
      }
      float[][] values = NetworkWeights.of(start);
      NetworkWeights.write(session.block, values);
      return ppoStage(
          session,
          new PpoStart(start, values, session.validation.score(start), start.metadata().episodes()),
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
   * What {@link #train} and {@link #fineTune} both set up: the seeded randomness (and DJL's engine
   * seed), the scenario names for the metadata, the DJL model over a fresh block, and the
   * validation seeds (drawn first from the randomness, so both stages validate alike).
   */
  private final class Session implements AutoCloseable {
    final SplittableRandom rnd = new SplittableRandom(config.seed());
    final List<String> names = new ArrayList<>();
    final SequentialBlock block = newBlock();
    final Model model;
    final Validation validation;

    Session() {
      Engine.getInstance().setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
      for (Scenario s : config.scenarios()) {
        names.add(s.name());
      }
      model = Model.newInstance("rl-cost", "PyTorch");
      model.setBlock(block);
      validation =
          new Validation(
              config.scenarios(), rnd.nextLong() & Long.MAX_VALUE, config.metricDropout());
    }

    /** A trainer with a fresh Adam at {@code learningRate} on the L2 loss. */
    Trainer newTrainer(float learningRate) {
      return model.newTrainer(
          new DefaultTrainingConfig(Loss.l2Loss())
              .optOptimizer(
                  Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build()));
    }

    @Override
    public void close() {
      model.close();
    }
  }

  /**
   * Where the PPO stage starts: a model, its weights as {@link NetworkWeights} values, its
   * validation score, and the episodes already trained (the listener's numbering goes on from
   * there).
   */
  @SuppressWarnings("ArrayRecordComponent") // private, never compared or hashed
  private record PpoStart(CostModel model, float[][] weights, double score, int episodeOffset) {}

  /**
   * PPO episodes from {@code start}; returns the checkpoint with the best validation score, {@code
   * start} included.
   */
  private CostModel ppoStage(Session session, PpoStart start, EpisodeListener listener) {
    int f = FeatureSchema.size();
    double[] mean = start.model().mean();
    double[] std = start.model().std();
    NetworkWeights.write(session.block, start.weights());
    CostModel best = start.model();
    double bestScore = start.score();
    CostModel policy = start.model();
    int total = start.episodeOffset() + config.rlEpisodes();
    // A fresh Adam (moments left by the L2 loss would mis-scale the first PPO steps).
    try (Trainer ppo = session.newTrainer(config.rlLearningRate())) {
      for (int r = 0; r < config.rlEpisodes(); r++) {
        int e = start.episodeOffset() + r;
        Scenario s = episodeScenario(r, session.rnd);
        MetricDropout dropout = episodeDropout(session.rnd);
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
                        dropout.wrap(
                            new BoltzmannPolicy(
                                acting,
                                ctx,
                                balancers[0]++,
                                decisions,
                                config.temperature(),
                                record),
                            ctx.time()::nanoTime));
        double loss =
            PolicyGradient.update(ppo, decisions, mean, std, config.temperature(), session.rnd);
        policy =
            NetworkWeights.export(
                session.block, mean, std, metadata(session.names, e + 1, ALGORITHM_PPO));
        boolean endOfPass =
            (r + 1) % config.scenarios().size() == 0 || r + 1 == config.rlEpisodes();
        double score = Double.NaN;
        if (endOfPass) {
          score = session.validation.score(policy);
          if (score < bestScore) {
            bestScore = score;
            best = policy;
          }
        }
        listener.onEpisode(
            new EpisodeListener.Episode(
                e + 1,
                total,
                baseScenario(r).name(),
                "ppo",
                Validation.reward(result),
                result.meanMillis(),
                loss,
                decisions.resolvedIndices().length,
                score));
      }
    }
    if (best == start.model() && config.rlEpisodes() > 0) {
      ModelMetadata m = start.model().metadata();
      return NetworkWeights.toModel(
          start.weights(),
          mean,
          std,
          metadata(
              session.names,
              m.episodes(),
              m.algorithm().equals(ALGORITHM) ? ALGORITHM_PPO_REJECTED : m.algorithm()));
    }
    return best;
  }

  /** The episode's metric dropout, or none when the config turns it off. */
  private MetricDropout episodeDropout(SplittableRandom rnd) {
    return config.metricDropout() ? MetricDropout.draw(rnd) : MetricDropout.NONE;
  }

  private RunResult runEpisode(
      Scenario s, MetricDropout dropout, CostModel policy, ReplayBuffer buffer) {
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
                dropout.wrap(
                    new RlStrategy(
                        policy,
                        ctx,
                        (cluster, features) ->
                            record(config.target(), view[0], index, cluster, features, buffer)),
                    ctx.time()::nanoTime));
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
    return s.withSeed(episodeSeed).withRequests(Math.max(requests, throughFaults(s)));
  }

  /**
   * Requests that last until {@value #AFTER_LAST_FAULT_SECONDS} s after the scenario's last fault
   * begins, at most {@value #MAX_REQUESTS_WITH_FAULTS} (0 without faults): a fast-arriving scenario
   * cut at {@link #MAX_REQUESTS} would otherwise end before its stall or crash happens.
   */
  static long throughFaults(Scenario s) {
    double last = -1;
    for (FaultSpec f : s.faults()) {
      last = Math.max(last, f.atSeconds());
    }
    if (last < 0) {
      return 0;
    }
    return Math.min(
        MAX_REQUESTS_WITH_FAULTS,
        Math.round(s.arrivals().rate() * (last + AFTER_LAST_FAULT_SECONDS)));
  }

  /** The bundled scenario behind training episode {@code index}: each in turn. */
  private Scenario baseScenario(int index) {
    return config.scenarios().get(index % config.scenarios().size());
  }
}
