package io.github.fulcrumlb.rl.training;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.fulcrumlb.rl.model.CostModel;
import io.github.fulcrumlb.rl.model.ModelMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The network's parameters as flat float arrays in block order (weight {@code [out × in]}
 * row-major, then bias {@code [out]}, per linear layer): the one representation both directions go
 * through, DJL block ⇄ values ⇄ plain-Java {@link CostModel}. {@link #export} is {@link #read} then
 * {@link #toModel}; warm-starting a block from a model is {@link #of} then {@link #write}.
 */
final class NetworkWeights {

  private NetworkWeights() {}

  /** A copy of every parameter of {@code block}, in block order. */
  static float[][] read(SequentialBlock block) {
    List<float[]> out = new ArrayList<>();
    for (Block child : block.getChildren().values()) {
      if (child instanceof Linear linear) {
        out.add(linear.getParameters().get("weight").getArray().toFloatArray());
        out.add(linear.getParameters().get("bias").getArray().toFloatArray());
      }
    }
    return out.toArray(new float[0][]);
  }

  /** Overwrites every parameter of {@code block} with {@code values} in block order. */
  static void write(SequentialBlock block, float[][] values) {
    int k = 0;
    for (Block child : block.getChildren().values()) {
      if (child instanceof Linear linear) {
        linear.getParameters().get("weight").getArray().set(values[k++]);
        linear.getParameters().get("bias").getArray().set(values[k++]);
      }
    }
  }

  /** The values of {@code model}'s layers: the inverse of {@link #toModel}. */
  static float[][] of(CostModel model) {
    double[][][] w = model.weights();
    double[][] b = model.biases();
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
    return values;
  }

  /** A plain-Java model of {@code values} (layer sizes from the bias lengths). */
  static CostModel toModel(float[][] values, double[] mean, double[] std, ModelMetadata metadata) {
    int layers = values.length / 2;
    double[][][] weights = new double[layers][][];
    double[][] biases = new double[layers][];
    for (int l = 0; l < layers; l++) {
      float[] flat = values[2 * l];
      float[] bias = values[2 * l + 1];
      int out = bias.length;
      int in = flat.length / out;
      weights[l] = new double[out][in];
      biases[l] = new double[out];
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          weights[l][o][i] = flat[o * in + i];
        }
        biases[l][o] = bias[o];
      }
    }
    return new CostModel(metadata, mean, std, weights, biases);
  }

  /** The block's current weights as a plain-Java model. */
  static CostModel export(
      SequentialBlock block, double[] mean, double[] std, ModelMetadata metadata) {
    return toModel(read(block), mean, std, metadata);
  }
}
