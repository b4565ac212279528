package io.github.fulcrumlb.core.health;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Collection;

/**
 * Applies an {@link OutlierDetection} policy to the backends of one cluster: returns backends whose
 * ejection has ended to service, ejects backends whose failure streak reached the threshold, and
 * says when the cluster is in panic. Control plane only; not thread-safe.
 *
 * <pre>{@code
 * OutlierEjector ejector = new OutlierEjector(OutlierDetection.defaults());
 * if (ejector.evaluate(healths, time.nanoTime())) {
 *   boolean panic = ejector.isPanic(healths);
 *   // rebuild the snapshot: healthy backends only, or all of them in panic
 * }
 * }</pre>
 */
public final class OutlierEjector {
  private final OutlierDetection config;

  /** An ejector applying {@code config}. */
  public OutlierEjector(OutlierDetection config) {
    this.config = checkNotNull(config, "OutlierEjector.config must not be null");
  }

  /** The policy applied. */
  public OutlierDetection config() {
    return config;
  }

  /**
   * Brings the members' health up to date at {@code nowNanos}.
   *
   * @return whether any member was ejected or returned to service
   */
  public boolean evaluate(Collection<BackendHealth> members, long nowNanos) {
    if (!config.enabled()) {
      return false;
    }
    boolean changed = false;
    int ejected = 0;
    for (BackendHealth h : members) {
      if (h.isEjected()) {
        if (nowNanos - h.ejectedUntilNanos() >= 0) {
          h.returnToService(nowNanos);
          changed = true;
        } else {
          ejected++;
        }
      }
    }
    int maxEjected = config.maxEjected(members.size());
    for (BackendHealth h : members) {
      if (!h.isEjected()
          && h.failureStreak() >= config.consecutiveFailures()
          && ejected < maxEjected) {
        h.eject(nowNanos, config);
        ejected++;
        changed = true;
      }
    }
    return changed;
  }

  /** Whether fewer than the panic threshold of {@code members} are healthy. */
  public boolean isPanic(Collection<BackendHealth> members) {
    int healthy = 0;
    for (BackendHealth h : members) {
      if (!h.isEjected()) {
        healthy++;
      }
    }
    return config.isPanic(healthy, members.size());
  }
}
