/**
 * The plain load-balancing strategies, found by name through {@link
 * io.github.fulcrumlb.api.Strategies#create(String)}: {@code round-robin}, {@code random}, {@code
 * weighted-round-robin}, {@code least-load}, {@code least-request}, {@code p2c}, {@code peak-ewma}
 * and {@code consistent-hash}.
 *
 * <p>Every strategy splits its work the same way: {@code update} (control plane) turns a {@link
 * io.github.fulcrumlb.api.ClusterSnapshot} into an immutable picker holding precomputed arrays and
 * publishes it through a volatile field; {@code pick} (data plane) reads that picker plus the live
 * {@link io.github.fulcrumlb.api.LoadTracker} counters, without locking or allocating. Randomness
 * and time come from the {@link io.github.fulcrumlb.api.StrategyContext}, so that runs with a
 * seeded random source and a manual clock are reproducible.
 */
package io.github.fulcrumlb.core.strategy;
