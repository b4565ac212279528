/**
 * The discrete-event machinery: an allocation-free event queue keyed by simulated time, the
 * simulated clock handed to strategies as their {@link io.github.fulcrumlb.api.TimeSource}, and
 * reproducible random streams.
 */
package io.github.fulcrumlb.sim.engine;
