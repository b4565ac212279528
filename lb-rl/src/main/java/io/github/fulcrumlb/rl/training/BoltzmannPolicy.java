package io.github.fulcrumlb.rl.training;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.rl.model.CostModel;
import io.github.fulcrumlb.rl.serving.FeatureObserver;
import io.github.fulcrumlb.rl.serving.RlStats;
import io.github.fulcrumlb.rl.serving.RlStrategy;

/**
 * The {@code rl} strategy made stochastic, for policy-gradient training only. The control plane is
 * {@link RlStrategy}'s own (same features, same published costs, same fallback). A pick takes the
 * same window of up to {@value DecisionBuffer#WINDOW} backends from a random start, but instead of
 * the lowest score {@code s = log((inFlight + 1) × cost)} it samples candidate j with probability
 * {@code softmax(−s / τ)} (Boltzmann over the serving scores; τ → 0 is the served argmin). Since
 * {@code log cost = network output − median} (bounded), {@code log π} is differentiable in the
 * network output of every candidate (chain rule through the features of the last update). A random
 * fraction of the picks is recorded in a {@link DecisionBuffer}.
 *
 * <pre>{@code
 * Simulation.of(s).withListener(decisions).run("rl",
 *     ctx -> new BoltzmannPolicy(model, ctx, decisions, 0.25, 0.01));
 * }</pre>
 */
final class BoltzmannPolicy implements Strategy, FeatureObserver {

  private final RandomSource random;
  private final TimeSource time;
  private final int balancer;
  private final DecisionBuffer decisions;
  private final double temperature;
  private final double recordProbability;
  private final RlStrategy inner;
  private final double[] scores = new double[DecisionBuffer.WINDOW];
  private final double[] offsets = new double[DecisionBuffer.WINDOW];
  private final boolean[] gradient = new boolean[DecisionBuffer.WINDOW];
  private final double[][] rows = new double[DecisionBuffer.WINDOW][];

  private Endpoint[] endpoints;
  private double[][] features;
  private double[] logCosts;
  private double[] costs;
  private boolean[] reaches;
  private boolean learned;
  private boolean costsSeen;

  BoltzmannPolicy(
      CostModel model,
      StrategyContext context,
      int balancer,
      DecisionBuffer decisions,
      double temperature,
      double recordProbability) {
    this.random = context.random();
    this.time = context.time();
    this.balancer = balancer;
    this.decisions = decisions;
    this.temperature = temperature;
    this.recordProbability = recordProbability;
    this.inner = new RlStrategy(model, context, this);
  }

  @Override
  public String name() {
    return RlStrategy.NAME;
  }

  @Override
  public void onFeatures(ClusterSnapshot cluster, double[][] f) {}

  @Override
  public void onCosts(ClusterSnapshot cluster, double[][] f, double[] raw, double[] published) {
    features = f;
    logCosts = raw;
    costs = published;
    costsSeen = true;
  }

  @Override
  public void update(ClusterSnapshot cluster) {
    costsSeen = false;
    inner.update(cluster);
    learned = costsSeen && inner.stats().mode() == RlStats.Mode.LEARNED;
    if (learned) {
      endpoints = cluster.endpoints().toArray(new Endpoint[0]);
      double median = median(logCosts);
      reaches = new boolean[logCosts.length];
      for (int i = 0; i < logCosts.length; i++) {
        // Outside the bound the published cost no longer moves with the output.
        reaches[i] = Math.abs(logCosts[i] - median) < RlStrategy.MAX_LOG_COST_SPREAD;
      }
    }
  }

  @Override
  public Endpoint tryPick(long key) {
    if (!learned || endpoints.length == 1) {
      return inner.tryPick(key);
    }
    int n = endpoints.length;
    int w = Math.min(n, DecisionBuffer.WINDOW);
    int first = random.nextInt(n);
    for (int j = 0; j < w; j++) {
      int i = (first + j) % n;
      scores[j] = Math.log(endpoints[i].load().inFlight() + 1.0) + Math.log(costs[i]);
    }
    double[] p = probabilities(scores, w, temperature);
    double u = uniform();
    int a = w - 1;
    double cumulative = 0;
    for (int j = 0; j < w; j++) {
      cumulative += p[j];
      if (u < cumulative) {
        a = j;
        break;
      }
    }
    Endpoint picked = endpoints[(first + a) % n];
    if (!decisions.full() && uniform() < recordProbability) {
      for (int j = 0; j < w; j++) {
        int i = (first + j) % n;
        rows[j] = features[i];
        gradient[j] = reaches[i];
        offsets[j] = scores[j] - (reaches[i] ? logCosts[i] : 0);
      }
      decisions.add(
          balancer,
          time.nanoTime(),
          picked.backend().port(),
          rows,
          offsets,
          gradient,
          w,
          a,
          Math.log(Math.max(p[a], 1e-30)));
    }
    return picked;
  }

  @Override
  public void onOutcome(Endpoint endpoint, long latencyNanos, boolean success) {
    inner.onOutcome(endpoint, latencyNanos, success);
  }

  /** softmax(−score / τ) over the first {@code w} scores. */
  static double[] probabilities(double[] score, int w, double temperature) {
    double min = Double.POSITIVE_INFINITY;
    for (int j = 0; j < w; j++) {
      min = Math.min(min, score[j]);
    }
    double[] p = new double[w];
    double sum = 0;
    for (int j = 0; j < w; j++) {
      p[j] = Math.exp(-(score[j] - min) / temperature);
      sum += p[j];
    }
    for (int j = 0; j < w; j++) {
      p[j] /= sum;
    }
    return p;
  }

  /** log π(a) of the Boltzmann policy over scores {@code offset + reach × output}. */
  static double logProb(
      double[] outputs, double[] offsets, boolean[] reach, int w, int a, double temperature) {
    double[] s = new double[w];
    for (int j = 0; j < w; j++) {
      s[j] = offsets[j] + (reach[j] ? outputs[j] : 0);
    }
    return Math.log(probabilities(s, w, temperature)[a]);
  }

  private double uniform() {
    return (random.nextLong() >>> 11) * 0x1.0p-53;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
}
