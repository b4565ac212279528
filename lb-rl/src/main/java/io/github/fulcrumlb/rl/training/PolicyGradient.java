package io.github.fulcrumlb.rl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.SplittableRandom;

/**
 * PPO's clipped surrogate (Schulman et al., 2017) for the {@link BoltzmannPolicy}, in DJL: the
 * network scores every candidate of each recorded decision (features of the last update), the
 * candidate's score is {@code offset + reach × output}, {@code log π} is the log-softmax of {@code
 * −score / τ} over the window, and the loss is {@code −mean(min(ρ A, clip(ρ, 1 − ε, 1 + ε) A))}
 * with {@code ρ = π / π_old}. At {@code ρ = 1} its gradient is REINFORCE's {@code −mean(A ∇ log
 * π)}; the clip lets several epochs reuse one episode's decisions without moving the policy far
 * from the one that collected them.
 */
final class PolicyGradient {

  /** ε of the clipped ratio. */
  static final double CLIP = 0.2;

  /** Passes over one episode's decisions. */
  static final int EPOCHS = 4;

  /** Decisions per minibatch. */
  static final int MINIBATCH = 256;

  private PolicyGradient() {}

  /**
   * The clipped surrogate loss (scalar) of {@code b} decisions.
   *
   * @param outputs network outputs, shape (b × WINDOW, 1), in decision-major order
   */
  static NDArray loss(
      NDManager m,
      NDArray outputs,
      float[] offset,
      float[] reach,
      int[] chosen,
      float[] oldLogProb,
      float[] advantage,
      int b,
      double temperature) {
    int w = DecisionBuffer.WINDOW;
    NDArray o = outputs.reshape(b, w);
    NDArray scores = o.mul(m.create(reach, new Shape(b, w))).add(m.create(offset, new Shape(b, w)));
    NDArray logp = scores.mul(-1.0 / temperature).logSoftmax(1);
    float[] onehot = new float[b * w];
    for (int d = 0; d < b; d++) {
      onehot[d * w + chosen[d]] = 1f;
    }
    NDArray chosenLogp = logp.mul(m.create(onehot, new Shape(b, w))).sum(new int[] {1});
    NDArray ratio = chosenLogp.sub(m.create(oldLogProb, new Shape(b))).exp();
    NDArray a = m.create(advantage, new Shape(b));
    NDArray surrogate = ratio.mul(a).minimum(ratio.clip(1 - CLIP, 1 + CLIP).mul(a));
    return surrogate.mean().neg();
  }

  /**
   * {@link #EPOCHS} passes of Adam steps over the resolved decisions in random minibatches.
   *
   * @return the mean loss
   */
  static double update(
      Trainer trainer,
      DecisionBuffer decisions,
      double[] mean,
      double[] std,
      double temperature,
      SplittableRandom rnd) {
    int[] idx = decisions.resolvedIndices();
    float[] adv = decisions.advantages(32);
    int n = idx.length;
    if (n < 16) {
      return Double.NaN;
    }
    int f = decisions.features;
    int w = DecisionBuffer.WINDOW;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    double lossSum = 0;
    int steps = 0;
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int start = 0; start + 16 <= n; start += MINIBATCH) {
        int b = Math.min(MINIBATCH, n - start);
        float[] x = new float[b * w * f];
        float[] offset = new float[b * w];
        float[] reach = new float[b * w];
        int[] chosen = new int[b];
        float[] old = new float[b];
        float[] a = new float[b];
        for (int k = 0; k < b; k++) {
          int r = order[start + k];
          int d = idx[r];
          decisions.standardised(d, mean, std, x, k * w * f);
          System.arraycopy(decisions.offset, d * w, offset, k * w, w);
          System.arraycopy(decisions.grad, d * w, reach, k * w, w);
          chosen[k] = decisions.chosen[d];
          old[k] = decisions.oldLogProb[d];
          a[k] = adv[r];
        }
        try (NDManager m = trainer.getManager().newSubManager()) {
          NDArray xs = m.create(x, new Shape((long) b * w, f));
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList pred = trainer.forward(new NDList(xs));
            NDArray loss =
                loss(m, pred.singletonOrThrow(), offset, reach, chosen, old, a, b, temperature);
            lossSum += loss.getFloat();
            gc.backward(loss);
          }
          trainer.step();
        }
        steps++;
      }
    }
    return steps == 0 ? Double.NaN : lossSum / steps;
  }
}
