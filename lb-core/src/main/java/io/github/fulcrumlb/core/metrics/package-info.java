/**
 * {@link io.github.fulcrumlb.api.MetricsSource} implementations that need no external system:
 * {@link io.github.fulcrumlb.core.metrics.InMemoryMetricsSource} for tests, simulations and
 * applications that push host metrics themselves.
 */
package io.github.fulcrumlb.core.metrics;
