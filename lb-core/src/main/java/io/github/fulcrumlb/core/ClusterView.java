package io.github.fulcrumlb.core;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.NoBackendAvailableException;
import java.util.List;

/**
 * What the control plane last published for the data plane and for {@link LoadBalancer#stats()}:
 * immutable, read through one volatile field.
 */
final class ClusterView {
  private final List<MemberView> members;
  private final int readyCount;
  private final boolean panic;
  private final boolean closed;
  private final String unavailableReason;

  ClusterView(
      List<MemberView> members,
      int readyCount,
      boolean panic,
      boolean closed,
      String unavailableReason) {
    this.members = List.copyOf(members);
    this.readyCount = readyCount;
    this.panic = panic;
    this.closed = closed;
    this.unavailableReason = unavailableReason;
  }

  List<MemberView> members() {
    return members;
  }

  /** Backends the strategy may pick; 0 when closed. */
  int readyCount() {
    return readyCount;
  }

  boolean panic() {
    return panic;
  }

  ClusterView asClosed() {
    return new ClusterView(members, 0, panic, true, "the LoadBalancer is closed");
  }

  /** Why a pick cannot succeed while {@link #readyCount()} is 0; built when the view was. */
  String unavailableReason() {
    return unavailableReason;
  }

  /**
   * The error for a pick that found nothing: built only on that (slow) path of {@link
   * LoadBalancer#pick(long)}, never by {@link LoadBalancer#tryPick(long)}.
   *
   * @param strategyName names the strategy when backends were ready but it still found none (its
   *     last snapshot was empty)
   */
  RuntimeException unavailable(String strategyName) {
    if (closed) {
      return new IllegalStateException("Cannot pick: " + unavailableReason);
    }
    return readyCount == 0
        ? new NoBackendAvailableException("No backend available: " + unavailableReason)
        : NoBackendAvailableException.emptyCluster(strategyName);
  }

  /** One member as published. */
  record MemberView(
      Backend backend,
      LoadTracker load,
      boolean ejected,
      long ejectedUntilNanos,
      int ejectionCount,
      double effectiveWeight,
      boolean ready) {}
}
