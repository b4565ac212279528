package io.github.fulcrumlb.core;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.core.health.BackendHealth;

/**
 * One member backend as the control plane keeps it: the backend value, its tracker (for as long as
 * it stays a member), its health, and the endpoint last given to the strategy. Guarded by the
 * control plane's lock.
 */
final class Member {
  private Backend backend;
  private final LoadTracker load;
  private final BackendHealth health;
  private Endpoint endpoint;

  Member(Backend backend, LoadTracker load, BackendHealth health) {
    this.backend = backend;
    this.load = load;
    this.health = health;
    this.endpoint = new Endpoint(backend, load, backend.weight());
  }

  Backend backend() {
    return backend;
  }

  LoadTracker load() {
    return load;
  }

  BackendHealth health() {
    return health;
  }

  /** Takes a new value for the same id (host, weight, metadata), keeping tracker and health. */
  void replace(Backend newValue) {
    if (!newValue.equals(backend)) {
      backend = newValue;
      endpoint = new Endpoint(newValue, load, endpoint.weight());
    }
  }

  /** The endpoint with this effective weight and the member's tracker. */
  Endpoint endpoint(double effectiveWeight) {
    endpoint = endpoint.withWeight(effectiveWeight);
    return endpoint;
  }
}
