package io.github.fulcrumlb.rl.training;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.github.fulcrumlb.rl.features.FeatureSchema;
import io.github.fulcrumlb.rl.model.CostModel;
import io.github.fulcrumlb.rl.model.ModelMetadata;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The PPO loss computed by DJL has the gradient of the policy the sampler actually follows: DJL's
 * autograd against central finite differences of {@link BoltzmannPolicy#logProb} evaluated with the
 * plain-Java {@link CostModel} exported from the perturbed network.
 */
class PolicyGradientTest {

  static final double TAU = 0.25;

  @Test
  void djlGradientOfTheSurrogateMatchesFiniteDifferencesOfTheJavaPolicy() {
    int f = FeatureSchema.size();
    Random r = new Random(3);
    int[] windows = {5, 16, 2, 9};
    int b = windows.length;
    double[] mean = new double[f];
    double[] std = new double[f];
    java.util.Arrays.fill(std, 1.0);
    SequentialBlock block =
        new SequentialBlock()
            .add(Linear.builder().setUnits(4).build())
            .add(Activation::relu)
            .add(Linear.builder().setUnits(1).build());
    // The network's initial weights come from PyTorch's generator: seeded as RlTrainer does, so
    // the check does not depend on what earlier tests in the JVM drew.
    Engine.getInstance().setRandomSeed(3);
    try (Model model = Model.newInstance("pg-test", "PyTorch")) {
      model.setBlock(block);
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
        trainer.initialize(new Shape(1, f));
        DecisionBuffer d = new DecisionBuffer(b, f);
        double[][][] rows = new double[b][][];
        double[][] offsets = new double[b][];
        boolean[][] reach = new boolean[b][];
        int[] chosen = new int[b];
        float[] adv = new float[b];
        CostModel start = RlTrainer.export(block, mean, std, meta());
        float[] old = new float[b];
        for (int k = 0; k < b; k++) {
          int w = windows[k];
          rows[k] = new double[w][f];
          offsets[k] = new double[w];
          reach[k] = new boolean[w];
          for (int j = 0; j < w; j++) {
            for (int i = 0; i < f; i++) {
              rows[k][j][i] = r.nextGaussian();
            }
            offsets[k][j] = 0.3 * r.nextGaussian();
            reach[k][j] = j != 1; // one candidate bounded: its output does not count
          }
          chosen[k] = r.nextInt(w);
          adv[k] = (float) r.nextGaussian();
          old[k] = (float) logProb(start, rows[k], offsets[k], reach[k], chosen[k]);
          d.add(0, k, 0, rows[k], offsets[k], reach[k], w, chosen[k], old[k]);
        }
        // DJL gradient of the clipped surrogate at ratio 1.
        int w = DecisionBuffer.WINDOW;
        float[] x = new float[b * w * f];
        for (int k = 0; k < b; k++) {
          d.standardised(k, mean, std, x, k * w * f);
        }
        float[] grad;
        try (NDManager m = trainer.getManager().newSubManager()) {
          NDArray xs = m.create(x, new Shape((long) b * w, f));
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList pred = trainer.forward(new NDList(xs));
            NDArray loss =
                PolicyGradient.loss(
                    m, pred.singletonOrThrow(), d.offset, d.grad, chosen, old, adv, b, TAU);
            gc.backward(loss);
          }
          Linear first = (Linear) block.getChildren().get(0).getValue();
          grad = first.getParameters().get("weight").getArray().getGradient().toFloatArray();
        }
        // Finite differences of −mean(A · π/π_old) with the Java policy.
        float[][] base = RlTrainer.weights(block);
        // Small enough that a step rarely moves a hidden unit's input across ReLU's kink for any
        // of the 32 candidates (with 1e-2 some weight draws did, and the central difference then
        // mixes two slopes), large enough for float weights (relative error ~1e-4).
        double h = 1e-3;
        double maxGrad = 0;
        for (float g : grad) {
          maxGrad = Math.max(maxGrad, Math.abs(g));
        }
        assertThat(maxGrad).isGreaterThan(1e-3);
        for (int p = 0; p < grad.length; p += 3) {
          double plus =
              javaLoss(block, base, p, h, mean, std, rows, offsets, reach, chosen, adv, old);
          double minus =
              javaLoss(block, base, p, -h, mean, std, rows, offsets, reach, chosen, adv, old);
          double numeric = (plus - minus) / (2 * h);
          assertThat(grad[p])
              .as("d loss / d w[%d]", p)
              .isCloseTo(
                  (float) numeric,
                  org.assertj.core.data.Offset.offset((float) (2e-3 + 0.02 * Math.abs(numeric))));
        }
        RlTrainer.setWeights(block, base);
      }
    }
  }

  private static double javaLoss(
      SequentialBlock block,
      float[][] base,
      int p,
      double h,
      double[] mean,
      double[] std,
      double[][][] rows,
      double[][] offsets,
      boolean[][] reach,
      int[] chosen,
      float[] adv,
      float[] old) {
    float[][] values = new float[base.length][];
    for (int i = 0; i < base.length; i++) {
      values[i] = base[i].clone();
    }
    values[0][p] += (float) h;
    RlTrainer.setWeights(block, values);
    CostModel model = RlTrainer.export(block, mean, std, meta());
    double sum = 0;
    for (int k = 0; k < rows.length; k++) {
      double ratio = Math.exp(logProb(model, rows[k], offsets[k], reach[k], chosen[k]) - old[k]);
      sum += ratio * adv[k];
    }
    return -sum / rows.length;
  }

  private static double logProb(
      CostModel model, double[][] rows, double[] offsets, boolean[] reach, int a) {
    return BoltzmannPolicy.logProb(model.logCosts(rows), offsets, reach, rows.length, a, TAU);
  }

  private static ModelMetadata meta() {
    return new ModelMetadata("2026-01-01T00:00:00Z", 1, 1, List.of("test"), "0.36.0", "test", "");
  }
}
