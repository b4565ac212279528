package io.github.fulcrumlb.rl.serving;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.StrategyProvider;
import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.api.TwoChoices;
import io.github.fulcrumlb.rl.features.FeatureExtractor;
import io.github.fulcrumlb.rl.model.CostModel;
import io.github.fulcrumlb.rl.model.ModelFile;
import io.github.fulcrumlb.rl.online.OnlineLearner;
import io.github.fulcrumlb.rl.online.OnlineStats;
import io.github.fulcrumlb.rl.online.OutcomeRecorder;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The learned strategy: a network trained on the simulator (module lb-rl-training) turns each
 * backend's local counters (in-flight, latency average and peak, throughput, errors) and, when
 * there are any, its stale host metrics into a cost per queued request; each pick sends the request
 * where {@code (inFlight + 1) × cost} is lowest. Host metrics are optional inputs: a backend
 * without a sample, or with an old one, is described as such to the model (features {@code
 * host-sample}, {@code sample-age}, {@code host-coverage}), which was trained with metrics missing,
 * partial and late, so one model serves with and without a metrics source.
 *
 * <p><b>Control plane</b> ({@link #update}): features of every backend ({@link
 * io.github.fulcrumlb.rl.features.FeatureSchema}), the model's log costs, then {@code cost =
 * exp(logCost - median) / weight} (the exponent bounded by ± option {@code cost-spread}), times
 * {@value #FAILING_PENALTY} for a backend whose last {@value #FAILING_AFTER} or more requests
 * failed, times the <b>stall guard</b>'s {@code rise^stall-guard} for a backend whose latency has
 * just risen ({@code rise} = its mean latency over about the last update or second, whichever is
 * shorter, from the tracker's latency sum and count, over 1.3 × its mean over about the last 10 s,
 * less what a longer queue there explains; see {@link
 * io.github.fulcrumlb.rl.features.FeatureExtractor#latencyRise()}), published as an immutable
 * picker (costs as fixed-point integers relative to the cheapest). <b>Data plane</b> ({@link
 * #pick}): a window of {@code scan} consecutive backends from a random start (all of them when
 * there are at most {@code scan}); ties go to the first seen, so they are broken at random. No
 * lock, no allocation, no inference, no branch per candidate: an array read, an atomic read and an
 * integer multiply each.
 *
 * <p><b>Fallback</b>: only without a usable model (missing, corrupt or incompatible file, a model
 * that throws or whose output is not finite) does the strategy pick as {@code p2c} does: the lower
 * {@code (inFlight + 1) / weight} of two random backends. The reason is logged once per process and
 * shown by {@link #stats()} as a {@link FallbackReason}; a bad model never throws out of {@code
 * update} or {@code pick}.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code model}: path of a model file ({@code ./fulcrum train --out FILE}); default: the
 *       model shipped in lb-rl's resources;
 *   <li>{@code stale-after}: host samples older than this count as stale (feature {@code fresh},
 *       and {@code sample-age} is capped there); default 30s;
 *   <li>{@code scan}: most backends compared per pick; default {@value #DEFAULT_SCAN}, in [2,
 *       1024];
 *   <li>{@code cost-spread}: largest |log cost − median log cost| published, in [0.1, 10]; default
 *       {@value #DEFAULT_COST_SPREAD} (a factor of about 5 either way), and {@value
 *       #MAX_LOG_COST_SPREAD} for a strategy made for a trainer (the bound of training);
 *   <li>{@code stall-guard}: exponent of the stall guard, in [0, 10]; 0 turns it off; default
 *       {@value #DEFAULT_STALL_GUARD}, and 0 for a strategy made for a trainer;
 *   <li>{@code online}: {@code true} to keep learning from live outcomes ({@link OnlineLearner}: a
 *       per-backend correction of the model's costs, fitted to the observed latency per queued
 *       request, behind a guard that reverts to the frozen costs when they do better); default
 *       {@value #DEFAULT_ONLINE};
 *   <li>{@code learning-rate}: how fast the corrections follow what is observed, per second;
 *       default {@value OnlineLearner#DEFAULT_LEARNING_RATE};
 *   <li>{@code state}: a file where the learner saves its corrections (every 10 s at most, and on
 *       {@link #saveState()}) and resumes from on start; a corrupt file or one made for another
 *       model is logged and renamed aside, never overwritten. Needs {@code online=true}; its folder
 *       must exist.
 * </ul>
 *
 * <p><b>Online learning</b> touches the data plane once: {@link #onOutcome} adds the request's
 * latency to a few per-backend atomic sums ({@link OutcomeRecorder}), lock-free and
 * allocation-free. The pick is unchanged: the learner's corrections, and the guard's control
 * intervals on the frozen costs, are in the costs {@link #update} publishes.
 *
 * <pre>{@code
 * Strategy rl = Strategies.create("rl", StrategyContext.builder()
 *     .option("model", "my.rlmodel").build());
 * rl.update(cluster);            // control plane: runs the model
 * Endpoint e = rl.pick(0L);      // data plane
 * }</pre>
 */
public final class RlStrategy implements Strategy {

  /** The name this strategy is registered under. */
  public static final String NAME = "rl";

  /** Most backends compared per pick unless the {@code scan} option says otherwise. */
  public static final int DEFAULT_SCAN = 16;

  /**
   * Most distinct fallback warnings logged per process: a service that creates strategies over and
   * over, each with a different broken model path, must not grow a set without end.
   */
  static final int MAX_LOGGED_WARNINGS = 32;

  /**
   * Largest |log cost − median log cost| a backend is given by a strategy made for a trainer
   * ({@link #RlStrategy(CostModel, StrategyContext, FeatureObserver)}): its cost per queued request
   * within a factor e^2.5 ≈ 12 of the median's. The shipped model was trained under this bound, so
   * the trainer keeps it and training stays reproducible.
   */
  public static final double MAX_LOG_COST_SPREAD = 2.5;

  /**
   * Default of the option {@code cost-spread} for a strategy found by name: costs within a factor
   * e^1.6 ≈ 5 of the median's. Narrower than the training bound: with 12 × between two backends, a
   * pick stays on the cheap one until 11 requests queue there, which a backend stalled 5 ms in 10
   * (the live demo's neighbour) never reaches; and on the heavy-tailed families it cut the p99 (10
   * seeds, docs/BENCHMARKS.md).
   */
  public static final double DEFAULT_COST_SPREAD = 1.6;

  /**
   * Default of the option {@code stall-guard} for a strategy found by name: a backend whose recent
   * latency (about the last update, at most a second) is {@code r > 1} times 1.3 times its baseline
   * (about the last 10 s), beyond what a longer queue there explains, gets its cost multiplied by
   * {@code r^stallGuard}, at most e^costSpread. The shipped model reads only 10 s averages and took
   * 1.3–3.3 s to leave the live demo's stalled backend; with the guard, 0.26–0.51 s in the last ten
   * live runs (docs/BENCHMARKS.md). Exponent 1 was steadier on the heavy-tailed simulator families
   * but slower to leave a stall. A strategy made for a trainer has 0 (off), so training is
   * unchanged.
   */
  public static final double DEFAULT_STALL_GUARD = 2.0;

  /** Consecutive failures after which a backend counts as failing, whatever the model says. */
  public static final int FAILING_AFTER = 3;

  /**
   * Factor on a failing backend's cost. A dead backend fails at once, so its in-flight count stays
   * at 0 and it would look like the best candidate of every window: this rule outside the model
   * (like outlier ejection, but softer) stops that black hole at the next update.
   */
  public static final double FAILING_PENALTY = 1000;

  private static final System.Logger LOG = System.getLogger(RlStrategy.class.getName());
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger LOGGED_COUNT = new AtomicInteger();
  private static final List<String> OPTIONS =
      List.of(
          "model",
          "stale-after",
          "scan",
          "cost-spread",
          "stall-guard",
          "online",
          "learning-rate",
          "state");

  /** Default of the option {@code online}. */
  public static final boolean DEFAULT_ONLINE = false;

  private final CostModel model; // null: no usable model
  private final String modelDescription;
  private final FallbackReason noModel; // why there is no model, when there is none
  private final boolean noModelAskedFor; // a trainer's data-collection pass: nothing to warn about
  private final RandomSource random;
  private final TimeSource time;
  private final FeatureExtractor extractor;
  private final FeatureObserver observer;
  private final int scan;
  private final double costSpread; // largest |log cost - median| published
  private final double stallGuard; // exponent on a backend's latency rise; 0: off
  private final OnlineLearner learner; // null: online learning off, or no model
  private volatile Picker picker; // null while the cluster is empty
  private volatile RlStats stats;

  /**
   * A strategy configured by the context's options (see the class documentation). A model that
   * cannot be loaded does not fail construction: the strategy falls back and says why.
   *
   * @throws IllegalArgumentException if an option is unknown or invalid
   */
  public RlStrategy(StrategyContext context) {
    this(
        context,
        loadModel(context.stringOption("model", "")),
        FeatureObserver.NONE,
        DEFAULT_COST_SPREAD,
        DEFAULT_STALL_GUARD);
  }

  /**
   * A strategy on a given model, for trainers and tests.
   *
   * @param model the cost model, or {@code null} to run on the fallback only
   * @param context clock, randomness, options other than {@code model}
   * @param observer sees the features of every update
   */
  public RlStrategy(CostModel model, StrategyContext context, FeatureObserver observer) {
    this(
        context,
        model == null
            ? new Loaded(
                null, new FallbackReason(FallbackReason.Kind.NO_MODEL_GIVEN, "no model given"))
            : new Loaded(model, null),
        observer,
        MAX_LOG_COST_SPREAD,
        0);
  }

  private RlStrategy(
      StrategyContext context,
      Loaded loaded,
      FeatureObserver observer,
      double defaultSpread,
      double defaultStallGuard) {
    context.requireOnly(NAME, OPTIONS);
    this.model = loaded.model;
    this.noModel = loaded.error;
    this.noModelAskedFor =
        loaded.error != null && loaded.error.kind() == FallbackReason.Kind.NO_MODEL_GIVEN;
    this.modelDescription = loaded.model != null ? loaded.model.toString() : loaded.error.message();
    this.random = context.random();
    this.time = context.time();
    this.observer = observer == null ? FeatureObserver.NONE : observer;
    this.scan = context.intOption("scan", DEFAULT_SCAN, 2, 1024);
    this.costSpread = context.doubleOption("cost-spread", defaultSpread, 0.1, 10);
    this.stallGuard = context.doubleOption("stall-guard", defaultStallGuard, 0, 10);
    long staleAfter =
        context
            .durationOption(
                "stale-after", Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofDays(1))
            .toMillis();
    this.extractor = new FeatureExtractor(staleAfter);
    boolean online = context.booleanOption("online", DEFAULT_ONLINE);
    double learningRate =
        context.doubleOption("learning-rate", OnlineLearner.DEFAULT_LEARNING_RATE, 1e-4, 100);
    String state = context.stringOption("state", "");
    if (!state.isBlank()) {
      if (!online) {
        throw new IllegalArgumentException(
            "Option \"state\" needs online learning (online=true): there is nothing to save");
      }
      Path dir = Path.of(state).toAbsolutePath().getParent();
      if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
        throw new IllegalArgumentException(
            "Option \"state\": the folder of " + state + " does not exist");
      }
    }
    this.learner =
        online && model != null
            ? new OnlineLearner(
                learningRate,
                model.fingerprint(),
                model.toString(),
                state.isBlank() ? null : Path.of(state),
                random)
            : null;
    if (model == null && !noModelAskedFor) {
      logOnce(loaded.error);
    }
    this.stats =
        new RlStats(
            RlStats.Mode.FALLBACK,
            model == null
                ? loaded.error
                : new FallbackReason(FallbackReason.Kind.NO_UPDATE_YET, "no update yet"),
            modelDescription,
            0,
            0,
            learner == null ? OnlineStats.OFF : learner.stats());
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Whether picks use the learned costs or the fallback, why, and counts of updates. */
  public RlStats stats() {
    return stats;
  }

  @Override
  public void update(ClusterSnapshot cluster) {
    if (cluster == null) {
      throw new NullPointerException("cluster");
    }
    RlStats s = stats;
    if (cluster.isEmpty()) {
      picker = null;
      stats =
          new RlStats(
              s.mode(),
              s.fallback(),
              modelDescription,
              s.updates() + 1,
              s.fallbackUpdates(),
              s.online());
      return;
    }
    int n = cluster.size();
    Endpoint[] endpoints = cluster.endpoints().toArray(new Endpoint[0]);
    double[] costs = new double[n];
    OnlineLearner.Step step = null;
    FallbackReason reason = null;
    try {
      double[][] features = extractor.extract(cluster, time.nanoTime());
      observer.onFeatures(cluster, features);
      if (model == null) {
        reason = noModel;
      } else {
        double[] logCosts = model.logCosts(features);
        for (int i = 0; i < n && reason == null; i++) {
          if (!Double.isFinite(logCosts[i])) {
            reason =
                new FallbackReason(
                    FallbackReason.Kind.NON_FINITE_OUTPUT,
                    "the model's output is not finite for backend " + endpoints[i].id());
          }
        }
        if (reason == null) {
          // Bounded around the median, so that no model output, however far it extrapolates,
          // sends a backend more than e^costSpread times the median's queue.
          double median = median(logCosts);
          double[] relative = new double[n];
          for (int i = 0; i < n; i++) {
            relative[i] = Math.max(-costSpread, Math.min(costSpread, logCosts[i] - median));
          }
          if (learner != null) {
            step = learner.step(endpoints, relative, time.nanoTime());
          }
          double[] rise = extractor.latencyRise();
          for (int i = 0; i < n; i++) {
            double penalty =
                endpoints[i].load().consecutiveFailures() >= FAILING_AFTER ? FAILING_PENALTY : 1;
            penalty *= stallPenalty(rise[i]);
            costs[i] = Math.exp(relative[i]) / endpoints[i].weight() * penalty;
            if (step != null && !step.control()) {
              costs[i] *= Math.exp(step.correction(i));
            }
          }
          observer.onCosts(cluster, features, logCosts, costs);
        }
      }
    } catch (RuntimeException e) {
      reason = new FallbackReason(FallbackReason.Kind.MODEL_FAILED, "the model failed: " + e);
    }
    boolean learned = reason == null;
    if (!learned) {
      step = null;
      for (int i = 0; i < n; i++) {
        costs[i] = 1.0 / endpoints[i].weight();
      }
      if (!(model == null && noModelAskedFor)) {
        logOnce(reason);
      }
    }
    picker =
        new Picker(
            endpoints,
            costs,
            learned,
            Math.min(n, scan),
            step != null && step.control(),
            step == null ? null : step.recorder());
    stats =
        new RlStats(
            learned ? RlStats.Mode.LEARNED : RlStats.Mode.FALLBACK,
            reason,
            modelDescription,
            s.updates() + 1,
            s.fallbackUpdates() + (learned ? 0 : 1),
            learner == null ? OnlineStats.OFF : learner.stats());
  }

  /**
   * {@code rise^stallGuard}, where {@code rise >= 1} is how far a backend's recent latency is above
   * its baseline ({@link FeatureExtractor#latencyRise()}): a backend that has just started stalling
   * or slowing costs more at once, before its slow averages (and so the model) see it. Bounded like
   * the costs: at most e^costSpread.
   */
  private double stallPenalty(double rise) {
    if (stallGuard == 0 || !(rise > 1)) {
      return 1;
    }
    return Math.min(Math.exp(costSpread), Math.pow(rise, stallGuard));
  }

  @Override
  public Endpoint tryPick(long key) {
    Picker p = picker;
    if (p == null) {
      return null;
    }
    Endpoint[] endpoints = p.endpoints;
    LoadTracker[] loads = p.loads;
    double[] costs = p.costs;
    int n = endpoints.length;
    if (n == 1) {
      return endpoints[0];
    }
    if (!p.learned) {
      return endpoints[TwoChoices.lowerLoad(random, loads, costs)];
    }
    // A window of up to `scan` consecutive backends from a random start, over arrays stored twice
    // so that the window never wraps. Per candidate: one atomic read and an integer multiply by
    // the cost fixed at the last update; the minimum is kept without a branch per candidate (the
    // comparisons are unpredictable, and mispredictions would dominate the cost), in two running
    // minima (even and odd offsets) so that each compare waits on half as many before it.
    LoadTracker[] ring = p.ringLoads;
    long[] ringCosts = p.ringFixedCosts;
    int first = random.nextInt(n);
    int last = first + p.window;
    int bestA = first;
    long costA = (ring[first].inFlight() + 1L) * ringCosts[first];
    int bestB = first + 1;
    long costB = (ring[first + 1].inFlight() + 1L) * ringCosts[first + 1];
    int i = first + 2;
    for (; i + 1 < last; i += 2) {
      long a = (ring[i].inFlight() + 1L) * ringCosts[i];
      long b = (ring[i + 1].inFlight() + 1L) * ringCosts[i + 1];
      boolean betterA = a < costA;
      bestA = betterA ? i : bestA;
      costA = betterA ? a : costA;
      boolean betterB = b < costB;
      bestB = betterB ? i + 1 : bestB;
      costB = betterB ? b : costB;
    }
    if (i < last) { // an odd window: one candidate left
      long a = (ring[i].inFlight() + 1L) * ringCosts[i];
      boolean betterA = a < costA;
      bestA = betterA ? i : bestA;
      costA = betterA ? a : costA;
    }
    // Ties go to the first seen, as with one running minimum.
    boolean takeB = costB < costA || (costB == costA && bestB < bestA);
    return p.ringEndpoints[takeB ? bestB : bestA];
  }

  /** Data plane: with online learning on, records the outcome for the learner. */
  @Override
  public void onOutcome(Endpoint endpoint, long latencyNanos, boolean success) {
    Picker p = picker;
    if (p != null && p.recorder != null) {
      p.recorder.record(endpoint, latencyNanos, success, p.control);
    }
  }

  /**
   * Writes the online learner's state file now (without waiting for the next periodic save), for a
   * host that stops. A no-op without online learning or a state file; failures are logged.
   *
   * @return whether a state file was written
   */
  public boolean saveState() {
    return learner != null && learner.save();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }

  private static Loaded loadModel(String path) {
    try {
      if (path.isBlank()) {
        return DefaultModel.LOADED;
      }
      return new Loaded(ModelFile.read(Path.of(path)), null);
    } catch (NoSuchFileException e) {
      return Loaded.unusable("model file " + e.getMessage() + " does not exist");
    } catch (IOException | RuntimeException e) {
      return Loaded.unusable(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /**
   * Logs a fallback once per process: once per kind, and once per message for an unusable model
   * (each broken file is worth naming), at most {@value #MAX_LOGGED_WARNINGS} warnings in all.
   */
  private static void logOnce(FallbackReason reason) {
    String key =
        reason.kind() == FallbackReason.Kind.MODEL_UNUSABLE
            ? reason.kind() + ":" + reason.message()
            : reason.kind().name();
    if (LOGGED.contains(key)) {
      return;
    }
    // Reserve a slot first, so the set never holds more than the bound, whatever the races.
    if (LOGGED_COUNT.incrementAndGet() > MAX_LOGGED_WARNINGS) {
      LOGGED_COUNT.decrementAndGet();
      return;
    }
    if (LOGGED.add(key)) {
      LOG.log(System.Logger.Level.WARNING, "rl: falling back to p2c: " + reason.message());
    } else {
      LOGGED_COUNT.decrementAndGet(); // another thread logged this one
    }
  }

  /** Distinct fallback warnings logged so far in this process (for tests of the bound). */
  static int loggedWarnings() {
    return LOGGED.size();
  }

  @Override
  public String toString() {
    return "RlStrategy[" + stats + "]";
  }

  /** A model or why there is none. */
  private record Loaded(CostModel model, FallbackReason error) {
    static Loaded unusable(String message) {
      return new Loaded(null, new FallbackReason(FallbackReason.Kind.MODEL_UNUSABLE, message));
    }
  }

  /** The bundled model, read once per class loader, on first use. */
  private static final class DefaultModel {
    static final Loaded LOADED = read();

    private static Loaded read() {
      try {
        return new Loaded(ModelFile.readDefault(), null);
      } catch (NoSuchFileException e) {
        return Loaded.unusable(
            "the bundled model "
                + ModelFile.DEFAULT_MODEL_RESOURCE
                + " is missing from the class path");
      } catch (IOException | RuntimeException e) {
        return Loaded.unusable(e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
  }

  /**
   * The cheapest cost as a fixed-point integer: costs are written relative to it in units of 2^-16,
   * so that ranking two candidates stays exact to 1 part in 65 536.
   */
  static final long FIXED_COST_UNIT = 1L << 16;

  /**
   * Largest fixed-point cost (2^36, about 10^6 times the cheapest): {@code (inFlight + 1) × cost}
   * then fits a long for any in-flight count below 2^27.
   */
  static final long MAX_FIXED_COST = 1L << 36;

  /** Endpoints, their cost per queued request, and whether those costs are learned. */
  private static final class Picker {
    final Endpoint[] endpoints;
    final LoadTracker[] loads; // endpoints[i].load(), one indirection less per candidate
    final double[] costs;
    final boolean learned;
    final int window; // candidates per learned pick: min(backends, scan)

    final Endpoint[] ringEndpoints; // endpoints twice over: a window from any start never wraps
    final LoadTracker[] ringLoads;
    final long[] ringFixedCosts; // costs relative to the cheapest, fixed point (integer compare)
    final boolean control; // a control interval: the costs are the frozen model's
    final OutcomeRecorder recorder; // null: online learning off

    Picker(
        Endpoint[] endpoints,
        double[] costs,
        boolean learned,
        int window,
        boolean control,
        OutcomeRecorder recorder) {
      int n = endpoints.length;
      this.endpoints = endpoints;
      this.loads = new LoadTracker[n];
      this.window = window;
      this.ringEndpoints = new Endpoint[2 * n];
      this.ringLoads = new LoadTracker[2 * n];
      this.ringFixedCosts = fixed(costs);
      for (int i = 0; i < 2 * n; i++) {
        ringEndpoints[i] = endpoints[i % n];
        ringLoads[i] = endpoints[i % n].load();
      }
      System.arraycopy(ringLoads, 0, loads, 0, n);
      this.costs = costs;
      this.learned = learned;
      this.control = control;
      this.recorder = recorder;
    }

    /** Costs relative to the cheapest as fixed-point integers, stored twice over (a ring). */
    private static long[] fixed(double[] costs) {
      int n = costs.length;
      double cheapest = Double.POSITIVE_INFINITY;
      for (double c : costs) {
        cheapest = Math.min(cheapest, c);
      }
      long[] ring = new long[2 * n];
      for (int i = 0; i < 2 * n; i++) {
        double relative = costs[i % n] / cheapest * FIXED_COST_UNIT;
        ring[i] = Math.max(1, Math.min(MAX_FIXED_COST, Math.round(relative)));
      }
      return ring;
    }
  }

  /** Registers {@code rl}. */
  public static final class Provider implements StrategyProvider {
    /** Required by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "Lowest in-flight x learned cost (trained on the simulator) among up to "
          + DEFAULT_SCAN
          + " backends (option scan)";
    }

    @Override
    public Strategy create(StrategyContext context) {
      if (context == null) {
        throw new NullPointerException("context");
      }
      return new RlStrategy(context);
    }
  }
}
