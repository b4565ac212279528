package io.github.fulcrumlb.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.MetricsSource;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.core.health.BackendHealth;
import io.github.fulcrumlb.core.health.OutlierEjector;
import io.github.fulcrumlb.core.health.SlowStart;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The balancer's control plane: membership, health and metrics, serialised by one lock. Every
 * change rebuilds the ready set, hands the strategy a new {@link ClusterSnapshot} (only when it
 * differs from the last one) and publishes a {@link ClusterView} for the data plane. Never called
 * on the pick path.
 */
final class ControlPlane {
  private final Object lock = new Object();
  private final Strategy strategy;
  private final TimeSource time;
  private final MetricsSource metrics; // null when there is none
  private final OutlierEjector ejector;
  private final SlowStart slowStart;
  private final long latencyDecayNanos;

  // Guarded by lock.
  private final Map<String, Member> members = new LinkedHashMap<>();
  private ClusterSnapshot lastSnapshot;
  private boolean closed;

  private volatile ClusterView view;

  ControlPlane(
      Strategy strategy,
      TimeSource time,
      MetricsSource metrics,
      OutlierEjector ejector,
      SlowStart slowStart,
      long latencyDecayNanos,
      Collection<Backend> initial) {
    this.strategy = strategy;
    this.time = time;
    this.metrics = metrics;
    this.ejector = ejector;
    this.slowStart = slowStart;
    this.latencyDecayNanos = latencyDecayNanos;
    synchronized (lock) {
      long now = time.nanoTime();
      for (Backend b : initial) {
        members.put(b.id(), newMember(b, now, false));
      }
      rebuild(now);
    }
  }

  /** The last published view; a plain volatile read. */
  ClusterView view() {
    return view;
  }

  boolean add(Backend backend) {
    checkNotNull(backend, "backend must not be null");
    synchronized (lock) {
      checkOpen();
      long now = time.nanoTime();
      Member existing = members.get(backend.id());
      if (existing != null) {
        existing.replace(backend);
      } else {
        members.put(backend.id(), newMember(backend, now, true));
      }
      rebuild(now);
      return existing == null;
    }
  }

  boolean remove(String id) {
    checkNotNull(id, "backend id must not be null");
    synchronized (lock) {
      checkOpen();
      if (members.remove(id) == null) {
        return false;
      }
      rebuild(time.nanoTime());
      return true;
    }
  }

  void set(Collection<Backend> backends) {
    List<Backend> wanted = checkedBackends("backends", backends);
    synchronized (lock) {
      checkOpen();
      long now = time.nanoTime();
      Map<String, Member> next = new LinkedHashMap<>();
      for (Backend b : wanted) {
        Member m = members.get(b.id());
        if (m != null) {
          m.replace(b);
        } else {
          m = newMember(b, now, true);
        }
        next.put(b.id(), m);
      }
      members.clear();
      members.putAll(next);
      rebuild(now);
    }
  }

  /** Periodic work: ends and starts ejections, lets peak latencies decay, rebuilds. */
  void refresh() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      long now = time.nanoTime();
      ejector.evaluate(healths(), now);
      for (Member m : members.values()) {
        m.load().decay(now);
      }
      rebuild(now);
    }
  }

  /**
   * Work asked for by the data plane or the metrics source: evaluates ejections and rebuilds if
   * they changed or if metrics did.
   */
  void applyRequested(boolean metricsChanged) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      long now = time.nanoTime();
      if (ejector.evaluate(healths(), now) || metricsChanged) {
        rebuild(now);
      }
    }
  }

  void close() {
    synchronized (lock) {
      closed = true;
      view = view.asClosed();
    }
  }

  /** A copy of {@code backends}, rejecting null and duplicate ids; messages name {@code field}. */
  static List<Backend> checkedBackends(String field, Collection<Backend> backends) {
    checkNotNull(backends, "%s must not be null", field);
    Map<String, Backend> byId = new LinkedHashMap<>();
    int i = 0;
    for (Backend b : backends) {
      checkNotNull(b, "%s[%s] must not be null", field, i);
      checkArgument(
          byId.putIfAbsent(b.id(), b) == null,
          "%s must have unique ids but \"%s\" appears more than once",
          field,
          b.id());
      i++;
    }
    return List.copyOf(byId.values());
  }

  private Member newMember(Backend backend, long now, boolean warmUp) {
    LoadTracker load = new LoadTracker(latencyDecayNanos, now, this); // see owns()
    return new Member(backend, load, new BackendHealth(load, now, warmUp && slowStart.enabled()));
  }

  /**
   * Whether this control plane created {@code load} for one of its members, present or removed: one
   * comparison, lock-free, for the report path.
   */
  boolean owns(LoadTracker load) {
    return load.ownedBy(this);
  }

  private List<BackendHealth> healths() {
    List<BackendHealth> list = new ArrayList<>(members.size());
    for (Member m : members.values()) {
      list.add(m.health());
    }
    return list;
  }

  private void checkOpen() {
    checkState(!closed, "LoadBalancer is closed");
  }

  private void rebuild(long now) {
    long nowMillis = time.currentTimeMillis();
    Map<String, HostMetrics> samples = metrics == null ? Map.of() : metrics.latest();
    boolean panic = ejector.isPanic(healths());
    List<Endpoint> ready = new ArrayList<>(members.size());
    List<BackendMetrics> readyMetrics = new ArrayList<>(members.size());
    List<ClusterView.MemberView> views = new ArrayList<>(members.size());
    for (Member m : members.values()) {
      BackendHealth h = m.health();
      double weight = m.backend().weight() * h.weightFactor(slowStart, now);
      Endpoint endpoint = m.endpoint(weight);
      boolean isReady = panic || !h.isEjected();
      if (isReady) {
        ready.add(endpoint);
        readyMetrics.add(BackendMetrics.of(samples.get(m.backend().id()), nowMillis, m.load()));
      }
      views.add(
          new ClusterView.MemberView(
              m.backend(),
              m.load(),
              h.isEjected(),
              h.ejectedUntilNanos(),
              h.ejectionCount(),
              weight,
              isReady));
    }
    ClusterSnapshot snapshot = ClusterSnapshot.of(ready, readyMetrics);
    // The view first: whoever sees the strategy pick from a snapshot also sees it in stats().
    view = new ClusterView(views, ready.size(), panic, false, unavailableReason(views));
    if (!snapshot.equals(lastSnapshot)) {
      strategy.update(snapshot);
      lastSnapshot = snapshot;
    }
  }

  private String unavailableReason(List<ClusterView.MemberView> views) {
    if (views.isEmpty()) {
      return "the LoadBalancer has no backends (strategy \"" + strategy.name() + "\")";
    }
    return "all "
        + views.size()
        + " backends are ejected after consecutive failures and panic"
        + " mode is off (strategy \""
        + strategy.name()
        + "\")";
  }
}
