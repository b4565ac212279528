/**
 * The learned strategy {@code rl}: a small network, trained on the simulator, scores every backend
 * from stale host metrics and local counters in the control plane; each pick combines those scores
 * with fresh in-flight counts.
 *
 * <ul>
 *   <li>{@link io.github.fulcrumlb.rl.features}: what the network sees of each backend;
 *   <li>{@link io.github.fulcrumlb.rl.model}: the network, its versioned file format;
 *   <li>{@link io.github.fulcrumlb.rl.serving}: the strategy (control plane / data plane),
 *       fallback.
 * </ul>
 *
 * <p>This module needs the JDK and lb-api only. Training ({@code io.github.fulcrumlb.rl.training},
 * on lb-sim with DJL) lives in the separate module lb-rl-training, so a service that serves a model
 * resolves neither.
 *
 * <pre>{@code
 * Strategy rl = Strategies.create("rl");   // the bundled model
 * }</pre>
 */
package io.github.fulcrumlb.rl;
