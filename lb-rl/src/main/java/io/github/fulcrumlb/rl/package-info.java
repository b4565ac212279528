/**
 * The learned strategy {@code rl}: a small network, trained on the simulator, scores every backend
 * from stale host metrics and local counters in the control plane; each pick combines those scores
 * with fresh in-flight counts.
 *
 * <ul>
 *   <li>{@link io.github.fulcrumlb.rl.features}: what the network sees of each backend;
 *   <li>{@link io.github.fulcrumlb.rl.model}: the network, its versioned file format;
 *   <li>{@link io.github.fulcrumlb.rl.serving}: the strategy (control plane / data plane),
 *       fallback;
 *   <li>{@link io.github.fulcrumlb.rl.training}: training on lb-sim with DJL (optional
 *       dependencies).
 * </ul>
 *
 * <pre>{@code
 * Strategy rl = Strategies.create("rl");   // the bundled model
 * }</pre>
 */
package io.github.fulcrumlb.rl;
