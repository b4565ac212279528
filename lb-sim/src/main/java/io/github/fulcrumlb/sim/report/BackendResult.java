package io.github.fulcrumlb.sim.report;

/**
 * What one backend saw during the measured part of a run.
 *
 * @param id the backend's id
 * @param dispatched measured requests sent to it (including those it dropped or failed)
 * @param share {@code dispatched} over all measured requests, in [0, 1]
 * @param utilisation fraction of its slot time spent serving requests (background load excluded),
 *     in [0, 1]
 */
public record BackendResult(String id, long dispatched, double share, double utilisation) {}
