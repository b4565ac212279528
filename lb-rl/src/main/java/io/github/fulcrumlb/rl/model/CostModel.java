package io.github.fulcrumlb.rl.model;

import io.github.fulcrumlb.rl.features.FeatureSchema;
import java.util.Arrays;

/**
 * The learned per-backend cost: features are standardised ({@code (x - mean) / std}, bounded), then
 * a small multilayer perceptron (ReLU hidden layers, one linear output) gives the backend's log
 * cost relative to the cluster. The same weights score every backend, so one model serves any
 * number of backends. Runs in plain Java (no DJL at serving time); immutable and thread-safe.
 *
 * <pre>{@code
 * CostModel model = ModelFile.read(Path.of("my.rlmodel"));
 * double[] logCosts = model.logCosts(features.extract(cluster, now));
 * }</pre>
 */
public final class CostModel {

  /** Bound on a standardised input, see {@link #standardise}. */
  public static final double MAX_STANDARDISED = 6.0;

  /** Smallest standard deviation a trainer records for a feature (features are of order 1). */
  public static final double MIN_STD = 0.05;

  private final ModelMetadata metadata;
  private final double[] mean;
  private final double[] std;
  private final double[][][] weights; // [layer][out][in]
  private final double[][] biases; // [layer][out]

  /**
   * @param metadata how the model was made
   * @param mean per-feature mean subtracted first, length {@link FeatureSchema#size()}
   * @param std per-feature scale divided by next, each {@code > 0}
   * @param weights per layer, {@code [out][in]}; the first layer's {@code in} is the feature count,
   *     each next layer's {@code in} the previous {@code out}, the last layer's {@code out} is 1
   * @param biases per layer, {@code [out]}
   * @throws IllegalArgumentException if the shapes do not fit or a number is not finite
   */
  public CostModel(
      ModelMetadata metadata,
      double[] mean,
      double[] std,
      double[][][] weights,
      double[][] biases) {
    this.metadata = metadata;
    int f = FeatureSchema.size();
    check(mean.length == f && std.length == f, "normalisation must have " + f + " entries");
    for (int i = 0; i < f; i++) {
      check(
          Double.isFinite(mean[i]) && std[i] > 0 && Double.isFinite(std[i]),
          "normalisation of feature " + i + " must be finite with std > 0");
    }
    check(weights.length >= 1 && weights.length == biases.length, "layers: weights and biases");
    int in = f;
    for (int l = 0; l < weights.length; l++) {
      check(
          weights[l].length == biases[l].length && weights[l].length > 0,
          "layer " + l + ": rows and biases");
      for (double[] row : weights[l]) {
        check(row.length == in, "layer " + l + ": expected " + in + " inputs");
        for (double w : row) {
          check(Double.isFinite(w), "layer " + l + ": weights must be finite");
        }
      }
      for (double b : biases[l]) {
        check(Double.isFinite(b), "layer " + l + ": biases must be finite");
      }
      in = weights[l].length;
    }
    check(in == 1, "the last layer must have one output");
    this.mean = mean.clone();
    this.std = std.clone();
    this.weights = deepCopy(weights);
    this.biases = Arrays.stream(biases).map(double[]::clone).toArray(double[][]::new);
  }

  /** How the model was made. */
  public ModelMetadata metadata() {
    return metadata;
  }

  /** Layer sizes from input to output, e.g. {@code [11, 32, 32, 1]}. */
  public int[] layerSizes() {
    int[] sizes = new int[weights.length + 1];
    sizes[0] = FeatureSchema.size();
    for (int l = 0; l < weights.length; l++) {
      sizes[l + 1] = weights[l].length;
    }
    return sizes;
  }

  /** The per-feature mean subtracted first (a copy). */
  public double[] mean() {
    return mean.clone();
  }

  /** The per-feature scale divided by next (a copy). */
  public double[] std() {
    return std.clone();
  }

  /** Weights per layer, {@code [layer][out][in]} (a copy); a trainer's warm start. */
  public double[][][] weights() {
    return deepCopy(weights);
  }

  /** Biases per layer, {@code [layer][out]} (a copy). */
  public double[][] biases() {
    return Arrays.stream(biases).map(double[]::clone).toArray(double[][]::new);
  }

  /**
   * A checksum of the numbers that decide the model's output (normalisation, weights, biases): a
   * CRC-32 of their IEEE 754 bits, 8 hex digits. Equal models have equal fingerprints wherever they
   * were read from; state derived from one model (an online learner's corrections) records it so
   * that it is never applied to another.
   */
  public String fingerprint() {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    java.nio.ByteBuffer eight = java.nio.ByteBuffer.allocate(8);
    java.util.function.DoubleConsumer add =
        v -> {
          eight.clear();
          eight.putLong(Double.doubleToLongBits(v));
          crc.update(eight.array(), 0, 8);
        };
    Arrays.stream(mean).forEach(add);
    Arrays.stream(std).forEach(add);
    for (int l = 0; l < weights.length; l++) {
      for (double[] row : weights[l]) {
        Arrays.stream(row).forEach(add);
      }
      Arrays.stream(biases[l]).forEach(add);
    }
    return String.format(java.util.Locale.ROOT, "%08x", crc.getValue());
  }

  /** The log cost of one backend from its raw features. */
  public double logCost(double[] features) {
    double[] a = new double[features.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = standardise(features[i], mean[i], std[i]);
    }
    for (int l = 0; l < weights.length; l++) {
      double[][] w = weights[l];
      double[] next = new double[w.length];
      boolean hidden = l < weights.length - 1;
      for (int o = 0; o < w.length; o++) {
        double s = biases[l][o];
        double[] row = w[o];
        for (int i = 0; i < row.length; i++) {
          s += row[i] * a[i];
        }
        next[o] = hidden && s < 0 ? 0 : s;
      }
      a = next;
    }
    return a[0];
  }

  /**
   * {@code (x - mean) / std}, bounded by ±{@value #MAX_STANDARDISED}: a value far outside what
   * training saw (an error rate where training saw none) cannot drive the network arbitrarily far.
   * The trainer standardises its inputs with this same function.
   */
  public static double standardise(double x, double mean, double std) {
    double z = (x - mean) / std;
    return Math.max(-MAX_STANDARDISED, Math.min(MAX_STANDARDISED, z));
  }

  /** {@link #logCost} of every backend. */
  public double[] logCosts(double[][] features) {
    double[] out = new double[features.length];
    for (int i = 0; i < features.length; i++) {
      out[i] = logCost(features[i]);
    }
    return out;
  }

  private static double[][][] deepCopy(double[][][] w) {
    double[][][] c = new double[w.length][][];
    for (int l = 0; l < w.length; l++) {
      c[l] = Arrays.stream(w[l]).map(double[]::clone).toArray(double[][]::new);
    }
    return c;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  @Override
  public String toString() {
    return "CostModel"
        + Arrays.toString(layerSizes())
        + " trained "
        + metadata.created()
        + " seed "
        + metadata.seed();
  }
}
