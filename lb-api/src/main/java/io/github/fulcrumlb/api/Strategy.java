package io.github.fulcrumlb.api;

/**
 * A load-balancing strategy: decides which backend receives each request.
 *
 * <p>A strategy has two sides, called from different threads:
 *
 * <ul>
 *   <li><b>Control plane</b>: {@link #update(ClusterSnapshot)} is called whenever membership,
 *       health, weights or metrics change, and periodically. Calls are serialised by the caller
 *       (never concurrent with each other) but run concurrently with picks. Anything expensive
 *       (scoring metrics, building tables, model inference) belongs here: the strategy publishes an
 *       immutable result the data plane then reads.
 *   <li><b>Data plane</b>: {@link #pick(long)} and {@link #onOutcome} are called once per request,
 *       from any number of threads at once. They must not lock, block, do I/O or allocate.
 * </ul>
 *
 * <p>Instances are created by a {@link StrategyProvider}, usually found by name through {@link
 * Strategies#create(String)}. Each balancer needs its own instance.
 *
 * <pre>{@code
 * Strategy s = Strategies.create("peak-ewma");
 * s.update(ClusterSnapshot.of(endpoints));
 * Endpoint e = s.pick(0L);
 * }</pre>
 */
public interface Strategy {

  /** The name this strategy is registered under, e.g. {@code "round-robin"}. */
  String name();

  /**
   * Replaces the set of backends and their metrics. Control plane: may take time, never called
   * concurrently with itself, may run while {@link #pick} runs on other threads. Before the first
   * call the strategy behaves as if given {@link ClusterSnapshot#EMPTY}.
   */
  void update(ClusterSnapshot cluster);

  /**
   * Chooses the backend for one request, or says there is none. Data plane: lock-free and
   * allocation-free, also when there is nothing to pick (a transport that drops datagrams during an
   * outage calls this once per datagram). This is the one method a strategy implements to pick.
   *
   * @param key a 64-bit hash of the request's affinity key, read only by strategies that offer
   *     affinity (e.g. consistent hashing); callers without a key pass any value, ideally random
   * @return the chosen endpoint, or {@code null} if the last snapshot had no backend
   */
  Endpoint tryPick(long key);

  /**
   * As {@link #tryPick}, for callers that treat "no backend" as an error.
   *
   * @return the chosen endpoint, never {@code null}
   * @throws NoBackendAvailableException if the last snapshot had no backend (the exception is built
   *     only on that path, so a successful pick stays allocation-free)
   */
  default Endpoint pick(long key) {
    Endpoint e = tryPick(key);
    if (e == null) {
      throw NoBackendAvailableException.emptyCluster(name());
    }
    return e;
  }

  /**
   * Feedback after a request to {@code endpoint} ended; the endpoint's {@link LoadTracker} has
   * already been updated by the caller. Data plane. The default does nothing.
   *
   * @param endpoint the endpoint {@link #pick} returned
   * @param latencyNanos how long the request took
   * @param success whether it succeeded
   */
  default void onOutcome(Endpoint endpoint, long latencyNanos, boolean success) {}
}
