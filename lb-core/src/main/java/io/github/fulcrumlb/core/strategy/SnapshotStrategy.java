package io.github.fulcrumlb.core.strategy;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.NoBackendAvailableException;
import io.github.fulcrumlb.api.Strategy;

/**
 * What every plain strategy shares: a name, and an immutable picker of type {@code P} published
 * through a volatile field by {@link #update} and read by {@code tryPick}. An empty cluster has no
 * picker: {@code tryPick} then answers {@code null}, allocation-free, and {@link #pick} throws a
 * {@link NoBackendAvailableException} naming the strategy.
 *
 * @param <P> the strategy's immutable picker
 */
abstract class SnapshotStrategy<P> implements Strategy {
  private final String name;
  private volatile P picker; // null while the cluster is empty

  SnapshotStrategy(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void update(ClusterSnapshot cluster) {
    checkNotNull(cluster, "cluster");
    P current = picker;
    P next = cluster.isEmpty() ? null : build(cluster, current);
    if (next != current) {
      picker = next;
    }
  }

  /**
   * Builds the picker for a non-empty cluster. Called on every non-empty update, from one thread at
   * a time.
   *
   * @param current the picker published now, or {@code null}
   * @return {@code current} itself when nothing the picks depend on has changed, so that state such
   *     as a round-robin position survives an equal update
   */
  abstract P build(ClusterSnapshot cluster, P current);

  /**
   * The published picker, for {@code tryPick}: {@code null} while the last snapshot was empty,
   * which {@code tryPick} answers with {@code null} (and {@link #pick} with a {@link
   * NoBackendAvailableException} naming the strategy).
   */
  final P picker() {
    return picker;
  }

  /**
   * Whether {@code cluster} holds endpoints equal to {@code endpoints}, in the same order: nothing
   * a picker built from them reads has changed, so an update may keep it. Allocates nothing.
   */
  static boolean sameEndpoints(Endpoint[] endpoints, ClusterSnapshot cluster) {
    if (endpoints.length != cluster.size()) {
      return false;
    }
    for (int i = 0; i < endpoints.length; i++) {
      if (!endpoints[i].equals(cluster.endpoint(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code cluster} holds backends with the same ids, in the same order, as {@code
   * members}.
   */
  static boolean sameMembers(Endpoint[] members, ClusterSnapshot cluster) {
    if (members.length != cluster.size()) {
      return false;
    }
    for (int i = 0; i < members.length; i++) {
      if (!members[i].id().equals(cluster.endpoint(i).id())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "]";
  }
}
