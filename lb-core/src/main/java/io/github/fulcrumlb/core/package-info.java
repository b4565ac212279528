/**
 * The in-process load balancer: {@link io.github.fulcrumlb.core.LoadBalancer} picks a backend per
 * request through a {@link io.github.fulcrumlb.api.Strategy}, counts outcomes, and keeps the
 * strategy's view of the cluster up to date as membership, health and metrics change.
 *
 * <pre>{@code
 * try (LoadBalancer lb = LoadBalancer.builder()
 *     .backends(List.of(Backend.parse("10.0.0.1:8080"), Backend.parse("10.0.0.2:8080")))
 *     .build()) {
 *   String body = lb.execute(backend -> http.get(backend.host(), backend.port(), "/"));
 * }
 * }</pre>
 *
 * <p>Subpackages: {@code health} (outlier ejection, panic threshold, slow start), {@code metrics}
 * (in-memory metrics source), {@code time} and {@code random} (controllable sources for tests).
 */
package io.github.fulcrumlb.core;
