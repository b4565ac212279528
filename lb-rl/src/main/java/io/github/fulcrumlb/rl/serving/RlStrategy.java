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
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The learned strategy: a network trained on the simulator (see {@code
 * io.github.fulcrumlb.rl.training}) turns each backend's stale host metrics and local counters into
 * a cost per queued request; each pick sends the request where {@code (inFlight + 1) × cost} is
 * lowest.
 *
 * <p><b>Control plane</b> ({@link #update}): features of every backend ({@link
 * io.github.fulcrumlb.rl.features.FeatureSchema}), the model's log costs, then {@code cost =
 * exp(logCost - median) / weight} (the exponent bounded by ±{@value #MAX_LOG_COST_SPREAD}), times
 * {@value #FAILING_PENALTY} for a backend whose last {@value #FAILING_AFTER} or more requests
 * failed, published as an immutable picker. <b>Data plane</b> ({@link #pick}): a window of {@code
 * scan} consecutive backends from a random start (all of them when there are at most {@code scan});
 * ties go to the first seen, so they are broken at random. No lock, no allocation, no branch per
 * candidate: an array read and an atomic read each.
 *
 * <p><b>Fallback</b>: without a usable model (missing, corrupt or incompatible file, a model whose
 * output is not finite), or when fewer than half of the backends have a host sample younger than
 * {@code stale-after} (or none has a sample yet), the strategy picks as {@code p2c} does: the lower
 * {@code (inFlight + 1) / weight} of two random backends. The reason is logged once per process and
 * shown by {@link #stats()}; a bad model never throws out of {@code update} or {@code pick}.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code model}: path of a model file ({@code ./fulcrum train --out FILE}); default: the
 *       model shipped in lb-rl's resources;
 *   <li>{@code stale-after}: host samples older than this count as stale; default 30s;
 *   <li>{@code scan}: most backends compared per pick; default 16, in [2, 1024].
 * </ul>
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

  /** Smallest fraction of backends with a fresh host sample for the model to be used. */
  public static final double MIN_FRESH_FRACTION = 0.5;

  /**
   * Largest |log cost − median log cost| a backend is given: its cost per queued request is within
   * a factor e^2.5 ≈ 12 of the median's (the bundled scenarios' speeds differ by up to 7×).
   */
  public static final double MAX_LOG_COST_SPREAD = 2.5;

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
  private static final List<String> OPTIONS = List.of("model", "stale-after", "scan");

  private final CostModel model; // null: no usable model
  private final String modelDescription;
  private final boolean noModelAskedFor; // a trainer's data-collection pass: nothing to warn about
  private final RandomSource random;
  private final TimeSource time;
  private final FeatureExtractor extractor;
  private final FeatureObserver observer;
  private final int scan;
  private volatile Picker picker; // null while the cluster is empty
  private volatile RlStats stats;

  /**
   * A strategy configured by the context's options (see the class documentation). A model that
   * cannot be loaded does not fail construction: the strategy falls back and says why.
   *
   * @throws IllegalArgumentException if an option is unknown or invalid
   */
  public RlStrategy(StrategyContext context) {
    this(context, loadModel(context.stringOption("model", "")), FeatureObserver.NONE);
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
        model == null ? new Loaded(null, "no model given", true) : new Loaded(model, null),
        observer);
  }

  private RlStrategy(StrategyContext context, Loaded loaded, FeatureObserver observer) {
    context.requireOnly(NAME, OPTIONS);
    this.model = loaded.model;
    this.noModelAskedFor = loaded.deliberate;
    this.modelDescription = loaded.model != null ? loaded.model.toString() : loaded.error;
    this.random = context.random();
    this.time = context.time();
    this.observer = observer == null ? FeatureObserver.NONE : observer;
    this.scan = context.intOption("scan", 16, 2, 1024);
    long staleAfter =
        context
            .durationOption(
                "stale-after", Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofDays(1))
            .toMillis();
    this.extractor = new FeatureExtractor(staleAfter);
    if (model == null && !loaded.deliberate) {
      logOnce("model:" + loaded.error, "rl: falling back to p2c: " + loaded.error);
    }
    this.stats =
        new RlStats(
            RlStats.Mode.FALLBACK,
            model == null ? loaded.error : "no update yet",
            modelDescription,
            0,
            0);
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
          new RlStats(s.mode(), s.reason(), modelDescription, s.updates() + 1, s.fallbackUpdates());
      return;
    }
    int n = cluster.size();
    Endpoint[] endpoints = cluster.endpoints().toArray(new Endpoint[0]);
    double[] costs = new double[n];
    String reason = null;
    try {
      double[][] features = extractor.extract(cluster, time.nanoTime());
      observer.onFeatures(cluster, features);
      if (model == null) {
        reason = modelDescription;
      } else if (extractor.freshCount() < MIN_FRESH_FRACTION * n) {
        reason =
            noHostSample(cluster)
                ? "no host metrics yet: none of the " + n + " backends has a host sample"
                : "metrics too stale: "
                    + extractor.freshCount()
                    + " of "
                    + n
                    + " backends have a fresh host sample";
      } else {
        double[] logCosts = model.logCosts(features);
        for (int i = 0; i < n && reason == null; i++) {
          if (!Double.isFinite(logCosts[i])) {
            reason = "the model's output is not finite for backend " + endpoints[i].id();
          }
        }
        if (reason == null) {
          // Bounded around the median, so that no model output, however far it extrapolates,
          // sends a backend more than e^MAX_LOG_COST_SPREAD times the median's queue.
          double median = median(logCosts);
          for (int i = 0; i < n; i++) {
            double relative =
                Math.max(-MAX_LOG_COST_SPREAD, Math.min(MAX_LOG_COST_SPREAD, logCosts[i] - median));
            costs[i] = Math.exp(relative) / endpoints[i].weight();
            if (endpoints[i].load().consecutiveFailures() >= FAILING_AFTER) {
              costs[i] *= FAILING_PENALTY;
            }
          }
          observer.onCosts(cluster, features, logCosts, costs);
        }
      }
    } catch (RuntimeException e) {
      reason = "the model failed: " + e;
    }
    boolean learned = reason == null;
    if (!learned) {
      for (int i = 0; i < n; i++) {
        costs[i] = 1.0 / endpoints[i].weight();
      }
      String kind =
          reason.startsWith("metrics too stale")
              ? "stale"
              : reason.startsWith("no host metrics") ? "no-metrics" : "model:" + reason;
      if (!(model == null && noModelAskedFor)) {
        logOnce(kind, "rl: falling back to p2c: " + reason);
      }
    }
    picker = new Picker(endpoints, costs, learned);
    stats =
        new RlStats(
            learned ? RlStats.Mode.LEARNED : RlStats.Mode.FALLBACK,
            learned ? "" : reason,
            modelDescription,
            s.updates() + 1,
            s.fallbackUpdates() + (learned ? 0 : 1));
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
    // so that the window never wraps; the minimum is kept without a branch per candidate (the
    // comparisons are unpredictable, and mispredictions would dominate the cost).
    LoadTracker[] ring = p.ringLoads;
    double[] ringCosts = p.ringCosts;
    int first = random.nextInt(n);
    int last = first + Math.min(n, scan);
    int best = first;
    double bestCost = (ring[first].inFlight() + 1.0) * ringCosts[first];
    for (int i = first + 1; i < last; i++) {
      double c = (ring[i].inFlight() + 1.0) * ringCosts[i];
      boolean better = c < bestCost;
      best = better ? i : best;
      bestCost = better ? c : bestCost;
    }
    return p.ringEndpoints[best];
  }

  private static boolean noHostSample(ClusterSnapshot cluster) {
    for (int i = 0; i < cluster.size(); i++) {
      if (cluster.metrics(i).hasHostSample()) {
        return false;
      }
    }
    return true;
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
      return new Loaded(null, "model file " + e.getMessage() + " does not exist");
    } catch (IOException | RuntimeException e) {
      return new Loaded(null, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static void logOnce(String kind, String message) {
    if (LOGGED.add(kind)) {
      LOG.log(System.Logger.Level.WARNING, message);
    }
  }

  @Override
  public String toString() {
    return "RlStrategy[" + stats + "]";
  }

  /** A model or why there is none; deliberate: no model was asked for (not worth a warning). */
  private record Loaded(CostModel model, String error, boolean deliberate) {
    Loaded(CostModel model, String error) {
      this(model, error, false);
    }
  }

  /** The bundled model, read once per class loader, on first use. */
  private static final class DefaultModel {
    static final Loaded LOADED = read();

    private static Loaded read() {
      try {
        return new Loaded(ModelFile.readDefault(), null);
      } catch (NoSuchFileException e) {
        return new Loaded(
            null,
            "the bundled model "
                + ModelFile.DEFAULT_MODEL_RESOURCE
                + " is missing from the class path");
      } catch (IOException | RuntimeException e) {
        return new Loaded(null, e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
  }

  /** Endpoints, their cost per queued request, and whether those costs are learned. */
  private static final class Picker {
    final Endpoint[] endpoints;
    final LoadTracker[] loads; // endpoints[i].load(), one indirection less per candidate
    final double[] costs;
    final boolean learned;

    final Endpoint[] ringEndpoints; // endpoints twice over: a window from any start never wraps
    final LoadTracker[] ringLoads;
    final double[] ringCosts;

    Picker(Endpoint[] endpoints, double[] costs, boolean learned) {
      int n = endpoints.length;
      this.endpoints = endpoints;
      this.loads = new LoadTracker[n];
      this.ringEndpoints = new Endpoint[2 * n];
      this.ringLoads = new LoadTracker[2 * n];
      this.ringCosts = new double[2 * n];
      for (int i = 0; i < 2 * n; i++) {
        ringEndpoints[i] = endpoints[i % n];
        ringLoads[i] = endpoints[i % n].load();
        ringCosts[i] = costs[i % n];
      }
      System.arraycopy(ringLoads, 0, loads, 0, n);
      this.costs = costs;
      this.learned = learned;
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
      return "Lowest in-flight x learned cost (trained on the simulator) among up to 16 backends";
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
