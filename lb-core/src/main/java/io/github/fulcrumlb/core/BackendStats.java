package io.github.fulcrumlb.core;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;

/**
 * What a {@link LoadBalancer} knows about one member backend at one moment: an immutable value for
 * dashboards, the CLI and metric reporters.
 *
 * <pre>{@code
 * for (BackendStats b : lb.stats().backends()) {
 *   System.out.printf("%s in-flight=%d p=%.1fms healthy=%s%n",
 *       b.id(), b.inFlight(), b.latencyEwmaMillis(), b.healthy());
 * }
 * }</pre>
 *
 * @param id the backend's id
 * @param inFlight requests sent and not yet ended
 * @param latencyEwmaMillis time-decayed latency average, in milliseconds
 * @param errorRate time-decayed failure fraction, in [0, 1]
 * @param completed requests ended with an outcome since the backend joined
 * @param failed requests that failed since the backend joined
 * @param consecutiveFailures failures since the last success
 * @param healthy whether the backend is not ejected
 * @param ejectionRemaining time until the current ejection ends; zero when healthy
 * @param ejectionCount ejections since the backend joined
 * @param effectiveWeight weight the strategy sees (reduced during slow start)
 * @param ready whether the strategy may pick it (healthy, or any member in panic mode)
 */
public record BackendStats(
    String id,
    int inFlight,
    double latencyEwmaMillis,
    double errorRate,
    long completed,
    long failed,
    int consecutiveFailures,
    boolean healthy,
    Duration ejectionRemaining,
    int ejectionCount,
    double effectiveWeight,
    boolean ready) {

  /** Rejects null fields. */
  public BackendStats {
    checkNotNull(id, "BackendStats.id must not be null");
    checkNotNull(ejectionRemaining, "BackendStats.ejectionRemaining must not be null");
  }
}
