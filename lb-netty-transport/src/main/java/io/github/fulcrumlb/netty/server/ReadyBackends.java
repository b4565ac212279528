package io.github.fulcrumlb.netty.server;

import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.ForwardingStrategy;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.Strategy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link Strategy} decorator that remembers which backends the balancer currently lets it pick
 * (the ready set: members minus ejected ones), so that established UDP sessions can tell, without a
 * lock or an allocation, whether their backend is still healthy and a member.
 *
 * <p>It also holds out the backends that fail active health checks ({@link #holdOut}): the strategy
 * never sees them, so no new session picks them, and sessions bound to them move.
 *
 * <p>lb-core's {@code LoadBalancer} hands its strategy a new {@link ClusterSnapshot} whenever the
 * ready set changes (membership, ejection, return from ejection). This decorator passes every call
 * through and, on {@link #update}, publishes an immutable map from each ready backend's {@link
 * LoadTracker} (identity: a backend that leaves and re-joins gets a new one) to its {@link Route},
 * with a version that changes only when the set of backends changes. A session remembers the
 * version it last checked; only when it differs does it look its tracker up again.
 *
 * <pre>{@code
 * ReadyBackends ready = new ReadyBackends(Strategies.create("p2c"), routesById::get);
 * LoadBalancer lb = LoadBalancer.builder().strategy(ready).backends(list).build();
 * ReadyBackends.View view = ready.view();
 * boolean stillReady = view.route(endpoint.load()) != null;
 * }</pre>
 */
final class ReadyBackends extends ForwardingStrategy {
  private final Function<String, Route> routes;
  private volatile Strategy delegate; // replaced on a configuration reload
  private volatile View view = new View(0, new IdentityHashMap<>());
  // Control plane only, guarded by this.
  private ClusterSnapshot fromBalancer = ClusterSnapshot.EMPTY;
  private Set<String> heldOut = Set.of();
  private ClusterSnapshot published;

  /**
   * @param delegate the strategy that picks
   * @param routes the route of a backend id (resolved when the backend joined)
   */
  ReadyBackends(Strategy delegate, Function<String, Route> routes) {
    this.delegate = delegate;
    this.routes = routes;
  }

  /** The ready set as last published. */
  View view() {
    return view;
  }

  /** The strategy that picks now. */
  @Override
  protected Strategy delegate() {
    return delegate;
  }

  /**
   * Replaces the strategy that picks (a configuration reload): {@code next} first gets the ready
   * set the current one was last given, then takes over picks and outcomes. Requests in flight end
   * on their backend's counters as before; their outcomes reach {@code next}. Control plane only.
   */
  synchronized void replaceDelegate(Strategy next) {
    if (next == null) {
      throw new NullPointerException("next strategy must not be null");
    }
    if (published != null) {
      next.update(published);
    }
    delegate = next;
  }

  /**
   * {@link #replaceDelegate} with updates held from before {@code retiring} sees the current
   * strategy until {@code create}'s strategy has taken over: nothing updates the old one while it
   * retires (e.g. saves its state), nor after, and the new one is created only then (e.g. resumes
   * from that state). If {@code create} throws, nothing is replaced.
   */
  synchronized Strategy replaceDelegate(
      Supplier<Strategy> create, Consumer<? super Strategy> retiring) {
    retiring.accept(delegate);
    Strategy next = create.get();
    replaceDelegate(next);
    return next;
  }

  /** Runs {@code action} on the current strategy while no update can reach it. */
  synchronized void withDelegate(Consumer<? super Strategy> action) {
    action.accept(delegate);
  }

  @Override
  public synchronized void update(ClusterSnapshot cluster) {
    fromBalancer = cluster;
    publish();
  }

  /**
   * Holds these backends (by id) out of the ready set the strategy sees, beside the load balancer's
   * own ejections (active health checks failing). If that would leave no backend, none is held out:
   * as in the balancer's panic mode, failing backends beat none.
   */
  synchronized void holdOut(Set<String> ids) {
    heldOut = Set.copyOf(ids);
    publish();
  }

  /** The backends held out now (whether or not they are members). */
  synchronized Set<String> heldOut() {
    return heldOut;
  }

  private void publish() {
    ClusterSnapshot cluster = withoutHeldOut(fromBalancer);
    if (cluster.equals(published)) {
      return;
    }
    published = cluster;
    delegate.update(cluster);
    IdentityHashMap<LoadTracker, Route> next = new IdentityHashMap<>();
    for (Endpoint e : cluster.endpoints()) {
      Route r = routes.apply(e.id());
      if (r != null) {
        next.put(e.load(), r);
      }
    }
    View current = view;
    if (!next.equals(current.routes)) {
      view = new View(current.version + 1, next);
    }
  }

  private ClusterSnapshot withoutHeldOut(ClusterSnapshot cluster) {
    if (heldOut.isEmpty()) {
      return cluster;
    }
    List<Endpoint> endpoints = new ArrayList<>(cluster.size());
    List<BackendMetrics> metrics = new ArrayList<>(cluster.size());
    for (int i = 0; i < cluster.size(); i++) {
      Endpoint e = cluster.endpoint(i);
      if (!heldOut.contains(e.id())) {
        endpoints.add(e);
        metrics.add(cluster.metrics(i));
      }
    }
    if (endpoints.isEmpty() || endpoints.size() == cluster.size()) {
      return cluster;
    }
    return ClusterSnapshot.of(endpoints, metrics);
  }

  /** An immutable ready set with its version. */
  static final class View {
    private final int version;
    private final Map<LoadTracker, Route> routes;

    View(int version, IdentityHashMap<LoadTracker, Route> routes) {
      this.version = version;
      this.routes = routes;
    }

    /** Changes whenever the set of ready backends changes. */
    public int version() {
      return version;
    }

    /** The route of the ready backend with this tracker, or {@code null} if it is not ready. */
    public Route route(LoadTracker load) {
      return routes.get(load);
    }

    /** Number of ready backends. */
    public int size() {
      return routes.size();
    }
  }
}
