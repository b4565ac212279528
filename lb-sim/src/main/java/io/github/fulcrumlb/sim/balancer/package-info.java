/**
 * What the balancers see and do: each drives its own strategy instance through the lb-api
 * interfaces, with its own load trackers, stale host metrics and delayed health checks.
 */
package io.github.fulcrumlb.sim.balancer;
