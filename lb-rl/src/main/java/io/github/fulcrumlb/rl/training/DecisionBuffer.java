package io.github.fulcrumlb.rl.training;

import io.github.fulcrumlb.rl.model.CostModel;
import io.github.fulcrumlb.sim.Outcome;
import io.github.fulcrumlb.sim.RequestListener;
import java.util.HashMap;
import java.util.Map;

/**
 * The sampled decisions of one policy-gradient episode: for each, the window's candidates (their
 * features at the last update, the constant part of their score, whether the network's output
 * reaches the score), the chosen candidate, its log-probability under the sampling policy, and,
 * once the request has ended, its latency and outcome (the reward). Requests are matched to
 * decisions by (balancer, arrival time) and checked against the backend the simulator reports.
 *
 * <pre>{@code
 * DecisionBuffer d = new DecisionBuffer(4096);
 * Simulation.of(s).withListener(d).run("rl", ctx -> new BoltzmannPolicy(...));
 * float[] advantages = d.advantages(32);
 * }</pre>
 */
final class DecisionBuffer implements RequestListener {

  /** Candidates per decision (the serving window). */
  static final int WINDOW = 16;

  /** Offset of a padding candidate: its probability is e^(−PAD/τ), i.e. 0. */
  static final float PAD = 1e4f;

  /** Penalty on a timed-out, dropped or failed request, in units of the mean latency. */
  static final double PENALTY = 10;

  final int capacity;
  final int features;
  final float[] x; // [decision][candidate][feature], raw (not standardised)
  final float[] offset; // [decision][candidate]: score − network output (constant part)
  final float[] grad; // [decision][candidate]: 1 if the network output reaches the score
  final int[] chosen;
  final float[] oldLogProb;
  final double[] latencyMillis;
  final boolean[] unsuccessful;
  final boolean[] resolved;
  private final int[] backend;
  private final Map<Long, Integer> pending = new HashMap<>();
  private int size;

  DecisionBuffer(int capacity, int features) {
    this.capacity = capacity;
    this.features = features;
    this.x = new float[capacity * WINDOW * features];
    this.offset = new float[capacity * WINDOW];
    this.grad = new float[capacity * WINDOW];
    this.chosen = new int[capacity];
    this.oldLogProb = new float[capacity];
    this.latencyMillis = new double[capacity];
    this.unsuccessful = new boolean[capacity];
    this.resolved = new boolean[capacity];
    this.backend = new int[capacity];
  }

  int size() {
    return size;
  }

  boolean full() {
    return size == capacity;
  }

  /**
   * Records one decision.
   *
   * @param rows features of the window's candidates, in window order
   * @param offsets score minus network output of each candidate
   * @param gradient whether each candidate's network output reaches its score
   * @param count candidates in the window (≤ {@link #WINDOW})
   */
  void add(
      int balancer,
      long nowNanos,
      int chosenBackend,
      double[][] rows,
      double[] offsets,
      boolean[] gradient,
      int count,
      int choice,
      double logProb) {
    if (size == capacity) {
      return;
    }
    int d = size;
    for (int c = 0; c < WINDOW; c++) {
      int k = d * WINDOW + c;
      if (c < count) {
        for (int f = 0; f < features; f++) {
          x[k * features + f] = (float) rows[c][f];
        }
        offset[k] = (float) offsets[c];
        grad[k] = gradient[c] ? 1f : 0f;
      } else {
        offset[k] = PAD;
        grad[k] = 0f;
      }
    }
    chosen[d] = choice;
    oldLogProb[d] = (float) logProb;
    backend[d] = chosenBackend;
    // A second decision at the same instant on the same balancer is ambiguous: drop both.
    Integer previous = pending.put(key(balancer, nowNanos), d);
    if (previous != null) {
      pending.put(key(balancer, nowNanos), -1);
    }
    size++;
  }

  @Override
  public void onRequestEnd(
      int balancer, int b, long arrivalNanos, long latencyNanos, Outcome outcome) {
    if (pending.isEmpty()) {
      return;
    }
    Integer d = pending.remove(key(balancer, arrivalNanos));
    if (d == null || d < 0 || backend[d] != b) {
      return;
    }
    latencyMillis[d] = latencyNanos / 1e6;
    unsuccessful[d] = outcome != Outcome.OK;
    resolved[d] = true;
  }

  private static long key(int balancer, long nanos) {
    return nanos * 64 + balancer;
  }

  /** Indices of the decisions whose request has ended, in decision (time) order. */
  int[] resolvedIndices() {
    int n = 0;
    for (int d = 0; d < size; d++) {
      n += resolved[d] ? 1 : 0;
    }
    int[] out = new int[n];
    int k = 0;
    for (int d = 0; d < size; d++) {
      if (resolved[d]) {
        out[k++] = d;
      }
    }
    return out;
  }

  /**
   * Per resolved decision (in {@link #resolvedIndices()} order): the reward −latency / mean latency
   * − {@value #PENALTY} if unsuccessful, minus a baseline, the mean reward of the {@code 2 × half}
   * decisions around it in time (itself excluded): the load the cluster was under then, which no
   * candidate choice controls. Normalised to unit standard deviation, bounded to ±5 (Pareto-sized
   * requests would otherwise let a few decisions dominate).
   */
  float[] advantages(int half) {
    int[] idx = resolvedIndices();
    int n = idx.length;
    float[] out = new float[n];
    if (n < 2) {
      return out;
    }
    double okSum = 0;
    int ok = 0;
    for (int d : idx) {
      if (!unsuccessful[d]) {
        okSum += latencyMillis[d];
        ok++;
      }
    }
    double scale = ok > 0 && okSum > 0 ? okSum / ok : 1;
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      int d = idx[i];
      r[i] = -latencyMillis[d] / scale - (unsuccessful[d] ? PENALTY : 0);
    }
    double[] prefix = new double[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + r[i];
    }
    double[] a = new double[n];
    double sq = 0;
    for (int i = 0; i < n; i++) {
      int lo = Math.max(0, i - half);
      int hi = Math.min(n, i + half + 1);
      double baseline = (prefix[hi] - prefix[lo] - r[i]) / Math.max(1, hi - lo - 1);
      a[i] = r[i] - baseline;
      sq += a[i] * a[i];
    }
    double std = Math.sqrt(sq / n) + 1e-8;
    for (int i = 0; i < n; i++) {
      out[i] = (float) Math.max(-5, Math.min(5, a[i] / std));
    }
    return out;
  }

  /** Standardised features of decision {@code d}'s candidates into {@code out} at {@code at}. */
  void standardised(int d, double[] mean, double[] std, float[] out, int at) {
    int base = d * WINDOW * features;
    for (int k = 0; k < WINDOW * features; k++) {
      int f = k % features;
      out[at + k] = (float) CostModel.standardise(x[base + k], mean[f], std[f]);
    }
  }
}
