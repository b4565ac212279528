/**
 * Per-backend observations: {@link io.github.fulcrumlb.rl.features.FeatureSchema} names them,
 * {@link io.github.fulcrumlb.rl.features.FeatureExtractor} computes them from a cluster snapshot.
 */
package io.github.fulcrumlb.rl.features;
