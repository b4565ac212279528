/**
 * Passive health of backends, decided on the control plane from what the balancer observes: {@link
 * io.github.fulcrumlb.core.health.OutlierDetection outlier ejection} after consecutive failures
 * (with a growing back-off), the panic threshold that balances over every backend when too few are
 * healthy, and {@link io.github.fulcrumlb.core.health.SlowStart slow start} that ramps a new or
 * returning backend's weight up.
 *
 * <p>Nothing here runs on the pick path: {@link io.github.fulcrumlb.core.health.OutlierEjector} and
 * {@link io.github.fulcrumlb.core.health.BackendHealth} are confined to the balancer's control
 * plane, which publishes their outcome as the snapshot its strategy picks from.
 */
package io.github.fulcrumlb.core.health;
