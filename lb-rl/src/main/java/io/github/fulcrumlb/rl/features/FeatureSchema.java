package io.github.fulcrumlb.rl.features;

import java.util.List;

/**
 * The names and order of the features one backend is described by. A model file records the schema
 * it was trained on; a model whose schema differs from {@link #FEATURES} is refused as
 * incompatible.
 *
 * <p>Every feature is relative to the cluster (a backend's value over the cluster's mean, or a
 * fraction), so that one network with shared weights scores clusters of any size and is unchanged
 * by the order of the backends:
 *
 * <ol>
 *   <li>{@code cpu}: host CPU in use, fraction; the cluster's mean fresh value when stale/missing;
 *   <li>{@code memory}: host memory in use, the same way;
 *   <li>{@code network-share}: ln((net in + out) / cluster mean), 0 when stale;
 *   <li>{@code in-flight-share}: this balancer's in-flight / (cluster mean + 1);
 *   <li>{@code latency-ratio}: ln(latency EWMA / cluster mean), 0 before any reply;
 *   <li>{@code error-rate}: this balancer's moving failure fraction;
 *   <li>{@code sample-age}: host sample age / stale-after, capped at 1 (1 when none);
 *   <li>{@code weight-share}: ln(effective weight / cluster mean);
 *   <li>{@code throughput-share}: ln(completions per second seen by this balancer / cluster mean);
 *   <li>{@code busy-per-throughput}: ln((CPU / throughput) / cluster geometric mean): Little's law
 *       estimate of service time per slot, 0 when stale;
 *   <li>{@code fresh}: 1 when the host sample is fresh, else 0.
 * </ol>
 *
 * <pre>{@code
 * int inputs = FeatureSchema.size();   // the network's input width
 * }</pre>
 */
public final class FeatureSchema {

  /** Version of the meaning of the features; bumped whenever a formula changes. */
  public static final int VERSION = 1;

  /** Feature names in input order. */
  public static final List<String> FEATURES =
      List.of(
          "cpu",
          "memory",
          "network-share",
          "in-flight-share",
          "latency-ratio",
          "error-rate",
          "sample-age",
          "weight-share",
          "throughput-share",
          "busy-per-throughput",
          "fresh");

  private FeatureSchema() {}

  /** Number of features per backend. */
  public static int size() {
    return FEATURES.size();
  }

  /** The schema as written in model files: {@code v<version>:<name>,<name>,...}. */
  public static String describe() {
    return "v" + VERSION + ":" + String.join(",", FEATURES);
  }
}
