package io.github.fulcrumlb.rl.training;

import io.github.fulcrumlb.rl.model.CostModel;
import java.util.SplittableRandom;

/**
 * A ring buffer of (features, target) rows over primitive arrays; the oldest rows are overwritten
 * once it is full, so training follows the policy's recent state distribution.
 *
 * <pre>{@code
 * ReplayBuffer buffer = new ReplayBuffer(100_000, FeatureSchema.size());
 * buffer.add(features, target);
 * }</pre>
 */
final class ReplayBuffer {
  private final int capacity;
  private final int width;
  private final double[] x;
  private final double[] y;
  private int size;
  private int next;

  ReplayBuffer(int capacity, int width) {
    this.capacity = capacity;
    this.width = width;
    this.x = new double[capacity * width];
    this.y = new double[capacity];
  }

  int size() {
    return size;
  }

  void add(double[] features, double target) {
    System.arraycopy(features, 0, x, next * width, width);
    y[next] = target;
    next = (next + 1) % capacity;
    size = Math.min(size + 1, capacity);
  }

  double[] featureMean() {
    double[] m = new double[width];
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < width; c++) {
        m[c] += x[r * width + c];
      }
    }
    for (int c = 0; c < width; c++) {
      m[c] /= Math.max(1, size);
    }
    return m;
  }

  double[] featureStd(double[] mean) {
    double[] s = new double[width];
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < width; c++) {
        double d = x[r * width + c] - mean[c];
        s[c] += d * d;
      }
    }
    for (int c = 0; c < width; c++) {
      s[c] = Math.max(CostModel.MIN_STD, Math.sqrt(s[c] / Math.max(1, size)));
    }
    return s;
  }

  /** Fills {@code xs} (row-major, normalised) and {@code ys} with {@code n} random rows. */
  void sample(int n, SplittableRandom rnd, float[] xs, float[] ys, double[] mean, double[] std) {
    for (int k = 0; k < n; k++) {
      int r = rnd.nextInt(size);
      for (int c = 0; c < width; c++) {
        xs[k * width + c] = (float) CostModel.standardise(x[r * width + c], mean[c], std[c]);
      }
      ys[k] = (float) y[r];
    }
  }
}
