/**
 * Fulcrum's public contract: what a backend is, what is known about its load, and how a
 * load-balancing {@link io.github.fulcrumlb.api.Strategy} is driven.
 *
 * <p>This package depends on the JDK only. Code outside this repository can drive any strategy with
 * it alone:
 *
 * <pre>{@code
 * Strategy strategy = Strategies.create("p2c");
 * List<Endpoint> endpoints = List.of(
 *     Endpoint.of(Backend.of("a", "10.0.0.1", 8080)),
 *     Endpoint.of(Backend.of("b", "10.0.0.2", 8080)));
 * strategy.update(ClusterSnapshot.of(endpoints));          // control plane: on every change
 *
 * Endpoint chosen = strategy.pick(0L);                      // data plane: once per request
 * chosen.load().requestStarted();
 * long start = System.nanoTime();
 * boolean ok = send(chosen.backend());
 * long end = System.nanoTime();
 * chosen.load().requestFinished(end - start, ok, end);
 * strategy.onOutcome(chosen, end - start, ok);
 * }</pre>
 *
 * <h2>Control plane and data plane</h2>
 *
 * {@link io.github.fulcrumlb.api.Strategy#update} runs whenever membership, health or metrics
 * change and may be slow; {@link io.github.fulcrumlb.api.Strategy#tryPick} runs once per request
 * and must not lock, allocate or block. Stale host metrics ({@link
 * io.github.fulcrumlb.api.HostMetrics}) reach a strategy through {@code update}; fresh local
 * signals (in-flight requests, latency) are read at pick time from each endpoint's {@link
 * io.github.fulcrumlb.api.LoadTracker}.
 */
package io.github.fulcrumlb.api;
