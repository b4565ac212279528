package io.github.fulcrumlb.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of the backends a strategy may pick from, each with the metrics known when the
 * snapshot was built. Index {@code i} of {@link #endpoints()} and {@link #metrics()} describe the
 * same backend; ids are unique.
 *
 * <pre>{@code
 * ClusterSnapshot cluster = ClusterSnapshot.of(
 *     List.of(Endpoint.of(a), Endpoint.of(b)),
 *     List.of(BackendMetrics.UNKNOWN, BackendMetrics.UNKNOWN));
 * }</pre>
 */
public final class ClusterSnapshot {

  /** A snapshot with no backends: {@link Strategy#tryPick} over it answers {@code null}. */
  public static final ClusterSnapshot EMPTY = new ClusterSnapshot(List.of(), List.of(), Map.of());

  private final List<Endpoint> endpoints;
  private final List<BackendMetrics> metrics;
  private final Map<String, Integer> indexById;

  private ClusterSnapshot(
      List<Endpoint> endpoints, List<BackendMetrics> metrics, Map<String, Integer> indexById) {
    this.endpoints = endpoints;
    this.metrics = metrics;
    this.indexById = indexById;
  }

  /**
   * A snapshot of the given endpoints with their metrics.
   *
   * @throws IllegalArgumentException if the lists differ in size, hold a null, or two endpoints
   *     share an id
   */
  public static ClusterSnapshot of(List<Endpoint> endpoints, List<BackendMetrics> metrics) {
    Checks.nonNull("ClusterSnapshot.endpoints", endpoints);
    Checks.nonNull("ClusterSnapshot.metrics", metrics);
    if (endpoints.size() != metrics.size()) {
      throw new IllegalArgumentException(
          "ClusterSnapshot.metrics must have one entry per endpoint: "
              + endpoints.size()
              + " endpoints but "
              + metrics.size()
              + " metrics");
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint e = Checks.nonNull("ClusterSnapshot.endpoints[" + i + "]", endpoints.get(i));
      Checks.nonNull("ClusterSnapshot.metrics[" + i + "]", metrics.get(i));
      Integer previous = index.putIfAbsent(e.id(), i);
      if (previous != null) {
        throw new IllegalArgumentException(
            "ClusterSnapshot.endpoints must have unique ids but "
                + Checks.quote(e.id())
                + " is at index "
                + previous
                + " and "
                + i);
      }
    }
    return new ClusterSnapshot(List.copyOf(endpoints), List.copyOf(metrics), Map.copyOf(index));
  }

  /** A snapshot of the given endpoints, none of which has metrics yet. */
  public static ClusterSnapshot of(List<Endpoint> endpoints) {
    Checks.nonNull("ClusterSnapshot.endpoints", endpoints);
    List<BackendMetrics> unknown = new ArrayList<>(endpoints.size());
    for (int i = 0; i < endpoints.size(); i++) {
      unknown.add(BackendMetrics.UNKNOWN);
    }
    return of(endpoints, unknown);
  }

  /** Number of backends. */
  public int size() {
    return endpoints.size();
  }

  /** Whether there is no backend to pick. */
  public boolean isEmpty() {
    return endpoints.isEmpty();
  }

  /** The endpoint at {@code index}. */
  public Endpoint endpoint(int index) {
    return endpoints.get(index);
  }

  /** The metrics of the endpoint at {@code index}. */
  public BackendMetrics metrics(int index) {
    return metrics.get(index);
  }

  /** All endpoints, unmodifiable, in snapshot order. */
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** All metrics, unmodifiable, aligned with {@link #endpoints()}. */
  public List<BackendMetrics> metrics() {
    return metrics;
  }

  /** Index of the backend with this id, or -1. */
  public int indexOf(String backendId) {
    Integer i = indexById.get(backendId);
    return i == null ? -1 : i;
  }

  /** Equal when endpoints and metrics are equal, in the same order. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterSnapshot other
        && endpoints.equals(other.endpoints)
        && metrics.equals(other.metrics);
  }

  @Override
  public int hashCode() {
    return 31 * endpoints.hashCode() + metrics.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ClusterSnapshot[");
    for (int i = 0; i < endpoints.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(endpoints.get(i).id());
    }
    return sb.append(']').toString();
  }
}
