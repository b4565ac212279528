package io.github.fulcrumlb.rl.serving;

import io.github.fulcrumlb.api.ClusterSnapshot;

/**
 * Sees the features an {@link RlStrategy} computed at each update: how a trainer collects
 * observations from the very code that serves. Called in the control plane; may allocate.
 *
 * <pre>{@code
 * FeatureObserver record = (cluster, features) -> samples.add(cluster, features);
 * Strategy s = new RlStrategy(model, context, record);
 * }</pre>
 */
@FunctionalInterface
public interface FeatureObserver {

  /** Does nothing. */
  FeatureObserver NONE = (cluster, features) -> {};

  /**
   * @param cluster the snapshot given to {@code update}
   * @param features one row per backend of {@code cluster}, index-aligned; do not modify
   */
  void onFeatures(ClusterSnapshot cluster, double[][] features);

  /**
   * Called after {@link #onFeatures} when the update published learned costs (not on a fallback
   * update): how a policy-gradient trainer sees the scores the data plane compares.
   *
   * @param cluster the snapshot given to {@code update}
   * @param features as given to {@link #onFeatures}
   * @param logCosts the model's raw output per backend
   * @param costs the published cost per queued request (bounded, weighted, failure penalty)
   */
  default void onCosts(
      ClusterSnapshot cluster, double[][] features, double[] logCosts, double[] costs) {}
}
