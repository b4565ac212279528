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
 *   <li>{@code fresh}: 1 when the host sample is fresh, else 0;
 *   <li>{@code host-sample}: 1 when the backend has a host sample at all (fresh or stale), else 0;
 *   <li>{@code host-coverage}: fraction of the cluster's backends with a fresh host sample (0
 *       without a metrics source): host metrics are optional inputs, not a reason to fall back;
 *   <li>{@code peak-ratio}: ln(peak-sensitive latency average / latency EWMA), 0 before any reply:
 *       how far this backend's recent worst exceeds its average (a stall or a long job shows here
 *       first);
 *   <li>{@code peak-share}: ln(peak latency / cluster mean peak), 0 before any reply;
 *   <li>{@code latency-per-request}: ln(latency EWMA / (in-flight + 1)) minus its cluster mean, 0
 *       before any reply: this balancer's own Little's-law estimate of the time per queued request,
 *       the speed signal left when there are no host metrics.
 * </ol>
 *
 * <pre>{@code
 * int inputs = FeatureSchema.size();   // the network's input width
 * }</pre>
 */
public final class FeatureSchema {

  /**
   * Version of the meaning of the features; bumped whenever a formula changes. 2: host metrics
   * optional (presence and coverage as features), tail-latency and per-request latency features.
   */
  public static final int VERSION = 2;

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
          "fresh",
          "host-sample",
          "host-coverage",
          "peak-ratio",
          "peak-share",
          "latency-per-request");

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
