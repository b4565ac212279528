/**
 * Fulcrum's discrete-event cluster simulator: compares load-balancing strategies on scenarios of
 * queueing backends with stale host metrics, noisy neighbours, several balancers and faults, each
 * against a clairvoyant bound. Start at {@link io.github.fulcrumlb.sim.Simulation} and {@link
 * io.github.fulcrumlb.sim.scenario.ScenarioLoader}.
 */
package io.github.fulcrumlb.sim;
