package io.github.fulcrumlb.rl.model;

import io.github.fulcrumlb.rl.features.FeatureSchema;
import java.util.List;
import java.util.Random;

/** Small random models for tests. */
public final class TestModels {
  private TestModels() {}

  /** A seeded random 11-8-1 model. */
  public static CostModel random(long seed) {
    Random r = new Random(seed);
    int f = FeatureSchema.size();
    double[] mean = new double[f];
    double[] std = new double[f];
    for (int i = 0; i < f; i++) {
      mean[i] = r.nextGaussian() * 0.1;
      std[i] = 0.5 + r.nextDouble();
    }
    double[][] w0 = new double[8][f];
    double[] b0 = new double[8];
    double[][] w1 = new double[1][8];
    double[] b1 = {r.nextGaussian()};
    for (int o = 0; o < 8; o++) {
      for (int i = 0; i < f; i++) {
        w0[o][i] = r.nextGaussian() / 3;
      }
      b0[o] = r.nextGaussian() / 10;
      w1[0][o] = r.nextGaussian() / 3;
    }
    return new CostModel(
        metadata(seed), mean, std, new double[][][] {w0, w1}, new double[][] {b0, b1});
  }

  /** A model whose log cost is {@code slope × cpu}: costlier the busier the host looks. */
  public static CostModel cpuCost(double slope) {
    int f = FeatureSchema.size();
    double[] mean = new double[f];
    double[] std = new double[f];
    java.util.Arrays.fill(std, 1);
    double[][] w = new double[1][f];
    w[0][0] = slope;
    return new CostModel(metadata(0), mean, std, new double[][][] {w}, new double[][] {{0}});
  }

  static ModelMetadata metadata(long seed) {
    return new ModelMetadata(
        "2026-11-24T00:00:00Z", seed, 3, List.of("heterogeneous"), "0.36.0", "test", "test");
  }
}
