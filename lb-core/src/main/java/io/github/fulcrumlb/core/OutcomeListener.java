package io.github.fulcrumlb.core;

import io.github.fulcrumlb.api.Endpoint;

/**
 * Hears every request that a {@link LoadBalancer} ends: observability code (a meter binder, a
 * latency histogram) registers one with {@link LoadBalancer#addOutcomeListener} and gets each
 * outcome with its exact latency, which the balancer's own counters keep only as a moving average.
 *
 * <p>Called on the caller's thread inside {@link LoadBalancer#report} and {@link
 * LoadBalancer#cancel} (never inside {@link LoadBalancer#pick}), after the backend's counters are
 * updated. An implementation must therefore be as cheap as the report itself: lock-free, no
 * allocation, no I/O, no exceptions.
 *
 * <pre>{@code
 * LongAdder failures = new LongAdder();
 * lb.addOutcomeListener((endpoint, latencyNanos, success) -> {
 *   if (!success) failures.increment();
 * });
 * }</pre>
 */
@FunctionalInterface
public interface OutcomeListener {

  /**
   * A picked request ended with an outcome.
   *
   * @param endpoint what {@link LoadBalancer#pick} returned for it
   * @param latencyNanos its latency as reported
   * @param success whether it succeeded
   */
  void onOutcome(Endpoint endpoint, long latencyNanos, boolean success);

  /** A picked request was abandoned without an outcome ({@link LoadBalancer#cancel}). */
  default void onCancel(Endpoint endpoint) {}

  /** Returned by {@link LoadBalancer#addOutcomeListener}: closing it unregisters the listener. */
  interface Registration extends AutoCloseable {
    /** Unregisters the listener; idempotent, never throws. */
    @Override
    void close();
  }
}
