package io.github.fulcrumlb.core;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.AffinityHash;
import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.MetricsSource;
import io.github.fulcrumlb.api.NoBackendAvailableException;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.core.health.OutlierEjector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process load balancer: picks a backend for each request through a {@link Strategy}, counts
 * what happens to the request, ejects backends that keep failing, and keeps the strategy's view of
 * the cluster current while backends join and leave and host metrics arrive. Thread-safe.
 *
 * <p><b>Data plane.</b> {@link #pick()}, {@link #report}, {@link #cancel} and {@link #execute} are
 * lock-free and allocate nothing of their own (the strategy must be so too): they read one
 * published view and the backend's atomic counters. Each pick must be followed by exactly one
 * {@code report} or {@code cancel} of the endpoint it returned; {@code execute} does this for you.
 *
 * <p><b>Misuse of report and cancel.</b> Strategies rely on in-flight counts, so a report or cancel
 * that has no request to end must not move them. Each report or cancel checks that the endpoint's
 * counters are one of this balancer's members' (present or removed: {@link LoadTracker#ownedBy},
 * one comparison) and ends one request in flight on them ({@link LoadTracker#endRequest()}, one
 * compare-and-set). If either fails &mdash; an endpoint this balancer never returned (built by
 * hand, or taken from another balancer), a pick reported or cancelled once too often &mdash; it is
 * refused: no counter changes, the strategy is not told, and {@link #refusedOutcomes()} counts it.
 * So in flight never goes below zero and {@code completed} never exceeds the picks. What is not
 * detected, because telling picks of one backend apart would cost an allocation per pick: a pick
 * reported twice while other picks of the same backend are still in flight ends one of those
 * instead, so in flight reads one too low until they end; their own reports are then refused, and
 * the counts agree again once every request has ended.
 *
 * <p><b>Control plane.</b> Membership changes ({@link #addBackend}, {@link #removeBackend}, {@link
 * #setBackends}), metric changes, ejections and the periodic {@link #refresh()} are serialised by
 * one lock and never run on the pick path. Each rebuilds the ready set (members minus ejected ones,
 * or all members in panic mode), their effective weights (slow start) and metrics, and hands the
 * strategy a new snapshot. A report that brings a backend's failure streak to the threshold asks
 * the background thread for an ejection at once; in {@linkplain LoadBalancerBuilder#manualRefresh()
 * manual mode} it takes effect at the next {@link #refresh()}.
 *
 * <p><b>Closing.</b> {@link #close()} stops background work and unsubscribes from the metrics
 * source. Afterwards picks, {@code execute} and membership changes throw {@link
 * IllegalStateException}; reports and cancels of requests picked before and still in flight keep
 * counting, and any other report or cancel is refused as above.
 *
 * <pre>{@code
 * try (LoadBalancer lb = LoadBalancer.builder()
 *     .backends(List.of(Backend.of("a", "10.0.0.1", 8080), Backend.of("b", "10.0.0.2", 8080)))
 *     .strategy("p2c")
 *     .build()) {
 *   Endpoint e = lb.pick();
 *   long start = System.nanoTime();
 *   boolean ok = send(e.backend());
 *   lb.report(e, System.nanoTime() - start, ok);
 *
 *   String body = lb.execute(backend -> fetch(backend)); // the same in one call
 * }
 * }</pre>
 */
public final class LoadBalancer implements AutoCloseable {
  private final Strategy strategy;
  private final TimeSource time;
  private final RandomSource random;
  private final int failureThreshold; // 0 when outlier detection is off
  private final ControlPlane control;
  private final ControlLoop loop;
  private final MetricsSource.Subscription subscription; // null when not subscribed
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Copy-on-write; read once per report or cancel, written only by (un)registration. */
  private volatile OutcomeListener[] outcomeListeners = NO_LISTENERS;

  private static final OutcomeListener[] NO_LISTENERS = new OutcomeListener[0];

  /** Reports and cancels refused because no request was in flight; written only on misuse. */
  private final AtomicLong refusedOutcomes = new AtomicLong();

  LoadBalancer(LoadBalancerBuilder b, Strategy strategy) {
    this.strategy = strategy;
    this.time = b.time;
    this.random = b.random;
    this.failureThreshold =
        b.outlierDetection.enabled() ? b.outlierDetection.consecutiveFailures() : 0;
    this.control =
        new ControlPlane(
            strategy,
            b.time,
            b.metrics,
            new OutlierEjector(b.outlierDetection),
            b.slowStart,
            b.latencyDecay.toNanos(),
            b.backends);
    this.loop =
        b.manualRefresh
            ? ControlLoop.manual(control)
            : ControlLoop.scheduled(control, b.scheduler, b.refreshInterval);
    this.subscription = subscribe(b.metrics, loop);
  }

  private static MetricsSource.Subscription subscribe(MetricsSource metrics, ControlLoop loop) {
    // In manual mode new metrics are read at the next refresh(); there is nothing to trigger.
    if (metrics == null || loop.isManual()) {
      return null;
    }
    try {
      return metrics.subscribe(loop::onMetricsChanged);
    } catch (RuntimeException e) {
      loop.close(); // do not leak the control thread of a balancer that was never built
      throw e;
    }
  }

  /** A builder with working defaults; see {@link LoadBalancerBuilder}. */
  public static LoadBalancerBuilder builder() {
    return new LoadBalancerBuilder();
  }

  /**
   * Chooses a backend for a request without affinity (the key comes from the random source) and
   * counts the request as in flight.
   *
   * @throws NoBackendAvailableException if no backend can be picked, saying why
   * @throws IllegalStateException if the balancer is closed
   */
  public Endpoint pick() {
    return pick(random.nextLong());
  }

  /**
   * Chooses a backend for a request with this 64-bit affinity hash (read by affinity strategies
   * such as consistent hashing) and counts the request as in flight.
   *
   * @throws NoBackendAvailableException if no backend can be picked, saying why
   * @throws IllegalStateException if the balancer is closed
   */
  public Endpoint pick(long keyHash) {
    Endpoint endpoint = tryPick(keyHash);
    if (endpoint == null) {
      throw control.view().unavailable(strategy.name());
    }
    return endpoint;
  }

  /**
   * As {@link #pick(long)}, but answers {@code null} where {@code pick} throws: no backend is
   * ready, or the balancer is closed. For data planes that drop work during an outage (a UDP
   * transport, once per datagram): that path allocates nothing and takes no lock. {@link
   * #unavailableReason()} says why, for a log line or a counter.
   *
   * <pre>{@code
   * Endpoint e = lb.tryPick(hash);
   * if (e == null) {
   *   drops.increment(); // rate-limited log: lb.unavailableReason()
   *   return;
   * }
   * }</pre>
   */
  public Endpoint tryPick(long keyHash) {
    if (control.view().readyCount() == 0) {
      return null;
    }
    Endpoint endpoint = strategy.tryPick(keyHash);
    if (endpoint != null) {
      endpoint.load().requestStarted();
    }
    return endpoint;
  }

  /**
   * Why a pick cannot succeed right now (e.g. every backend ejected, no backends, closed), or an
   * empty string while backends are ready. Reads the last published view; allocates nothing.
   */
  public String unavailableReason() {
    ClusterView view = control.view();
    return view.readyCount() == 0 ? view.unavailableReason() : "";
  }

  /**
   * Chooses a backend for a request with this affinity key (a session or user id, for example):
   * equal character sequences give equal hashes. Allocation-free.
   *
   * @throws NoBackendAvailableException if no backend can be picked, saying why
   * @throws IllegalStateException if the balancer is closed
   */
  public Endpoint pick(CharSequence key) {
    checkNotNull(key, "key must not be null");
    return pick(AffinityHash.of(key));
  }

  /**
   * Ends a picked request with an outcome: updates the backend's counters, then tells the strategy.
   * Call it exactly once per pick (or {@link #cancel} instead); a report with no request in flight
   * on that endpoint is refused and counted, see "Misuse" above.
   *
   * @param endpoint what {@link #pick} returned for the request
   * @param latencyNanos how long the request took
   * @param success whether it succeeded
   * @return whether the report was taken; {@code false} if no request was in flight there
   */
  public boolean report(Endpoint endpoint, long latencyNanos, boolean success) {
    LoadTracker load = endpoint.load();
    if (!control.owns(load) || !load.endRequest()) {
      refusedOutcomes.incrementAndGet();
      return false;
    }
    load.recordOutcome(latencyNanos, success, time.nanoTime());
    strategy.onOutcome(endpoint, latencyNanos, success);
    for (OutcomeListener listener : outcomeListeners) {
      listener.onOutcome(endpoint, latencyNanos, success);
    }
    if (!success && failureThreshold > 0) {
      int streak = load.consecutiveFailures();
      // Once per threshold failures, not on every failure, so that a failing backend that keeps
      // receiving traffic (panic mode) does not keep the control thread busy.
      if (streak >= failureThreshold && streak % failureThreshold == 0) {
        loop.requestOutlierCheck();
      }
    }
    return true;
  }

  /**
   * Ends a picked request without an outcome (abandoned by the caller): in-flight count only. Call
   * it instead of {@link #report}, once; with no request in flight there it is refused and counted.
   *
   * @return whether a request was ended; {@code false} if none was in flight there
   */
  public boolean cancel(Endpoint endpoint) {
    LoadTracker load = endpoint.load();
    if (control.owns(load) && load.endRequest()) {
      for (OutcomeListener listener : outcomeListeners) {
        listener.onCancel(endpoint);
      }
      return true;
    }
    refusedOutcomes.incrementAndGet();
    return false;
  }

  /**
   * Registers a listener for every later {@link #report} and {@link #cancel} (not for picks: the
   * pick path stays untouched). Registration is a control-plane operation (it copies a small
   * array); the report path reads the array once, so with no listener it costs one volatile read.
   *
   * @return closing it unregisters the listener (idempotent); it holds the balancer only weakly, so
   *     that a meter binder keeping it does not keep a closed balancer alive
   */
  public OutcomeListener.Registration addOutcomeListener(OutcomeListener listener) {
    checkNotNull(listener, "listener must not be null");
    synchronized (this) {
      OutcomeListener[] current = outcomeListeners;
      OutcomeListener[] next = java.util.Arrays.copyOf(current, current.length + 1);
      next[current.length] = listener;
      outcomeListeners = next;
    }
    java.lang.ref.WeakReference<LoadBalancer> self = new java.lang.ref.WeakReference<>(this);
    return () -> {
      LoadBalancer lb = self.get();
      if (lb != null) {
        lb.removeOutcomeListener(listener);
      }
    };
  }

  private synchronized void removeOutcomeListener(OutcomeListener listener) {
    OutcomeListener[] current = outcomeListeners;
    List<OutcomeListener> next = new ArrayList<>(List.of(current));
    if (next.remove(listener)) {
      outcomeListeners = next.toArray(NO_LISTENERS);
    }
  }

  /**
   * Reports and cancels refused since the balancer was built, because their endpoint was not one of
   * this balancer's or had no request in flight: a sign of a caller that reports a pick twice or
   * reports endpoints it did not get from {@link #pick}. Zero in a correct program.
   */
  public long refusedOutcomes() {
    return refusedOutcomes.get();
  }

  /**
   * Picks a backend, runs {@code call} against it, and reports the outcome: a return is a success,
   * any throwable a failure and is rethrown unchanged.
   *
   * @throws NoBackendAvailableException if no backend can be picked (nothing is called)
   * @throws Exception whatever {@code call} threw
   */
  public <T> T execute(BackendCall<T> call) throws Exception {
    checkNotNull(call, "call must not be null");
    return run(pick(), call);
  }

  /**
   * As {@link #execute(BackendCall)}, picking with an affinity key as {@link #pick(CharSequence)}.
   */
  public <T> T execute(CharSequence key, BackendCall<T> call) throws Exception {
    checkNotNull(call, "call must not be null");
    return run(pick(key), call);
  }

  private <T> T run(Endpoint endpoint, BackendCall<T> call) throws Exception {
    long start = time.nanoTime();
    T result;
    try {
      result = call.call(endpoint.backend());
    } catch (Throwable t) {
      report(endpoint, time.nanoTime() - start, false);
      throw t;
    }
    report(endpoint, time.nanoTime() - start, true);
    return result;
  }

  /**
   * Adds a backend, warmed up by slow start if configured; if a member with its id exists, replaces
   * that member's value (host, weight, metadata) and keeps its counters.
   *
   * @return whether the backend was new
   * @throws IllegalStateException if the balancer is closed
   */
  public boolean addBackend(Backend backend) {
    return control.add(backend);
  }

  /**
   * Removes the member with this id; requests in flight to it still end on its counters.
   *
   * @return whether it was a member
   * @throws IllegalStateException if the balancer is closed
   */
  public boolean removeBackend(String id) {
    return control.remove(id);
  }

  /**
   * Replaces the membership: members whose id stays keep their counters and health (and take the
   * new value), new ids join with slow start, other members leave.
   *
   * @throws IllegalArgumentException if an element is null or two share an id
   * @throws IllegalStateException if the balancer is closed
   */
  public void setBackends(Collection<Backend> backends) {
    control.set(backends);
  }

  /** The current members, in the order they joined (or were given to {@link #setBackends}). */
  public List<Backend> backends() {
    List<ClusterView.MemberView> members = control.view().members();
    List<Backend> list = new ArrayList<>(members.size());
    for (ClusterView.MemberView m : members) {
      list.add(m.backend());
    }
    return List.copyOf(list);
  }

  /**
   * Brings health, slow-start weights and metrics up to date now and hands the strategy a new
   * snapshot. Runs periodically on its own unless in manual mode; does nothing once closed.
   */
  public void refresh() {
    control.refresh();
  }

  /** An immutable snapshot of every member's counters and health, and of panic mode. */
  public BalancerStats stats() {
    ClusterView view = control.view();
    long now = time.nanoTime();
    List<BackendStats> list = new ArrayList<>(view.members().size());
    for (ClusterView.MemberView m : view.members()) {
      LoadTracker load = m.load();
      Duration remaining =
          m.ejected() ? Duration.ofNanos(Math.max(0L, m.ejectedUntilNanos() - now)) : Duration.ZERO;
      list.add(
          new BackendStats(
              m.backend().id(),
              load.inFlight(),
              load.latencyEwmaNanos() / 1e6,
              load.errorRate(),
              load.completed(),
              load.failed(),
              load.consecutiveFailures(),
              !m.ejected(),
              remaining,
              m.ejectionCount(),
              m.effectiveWeight(),
              m.ready()));
    }
    return new BalancerStats(strategy.name(), view.panic(), list);
  }

  /**
   * Stops background work (shutting down the scheduler if the balancer owns it) and unsubscribes
   * from the metrics source, which stays open. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    control.close();
    loop.close();
    if (subscription != null) {
      subscription.close();
    }
  }

  @Override
  public String toString() {
    ClusterView view = control.view();
    return "LoadBalancer{strategy="
        + strategy.name()
        + ", members="
        + view.members().size()
        + ", ready="
        + view.readyCount()
        + (view.panic() ? ", panic" : "")
        + (closed.get() ? ", closed" : "")
        + '}';
  }
}
