package io.github.fulcrumlb.sim;

/**
 * Observes every request of a run as it ends, measured or not, on the simulation thread: the hook
 * an RL trainer uses to collect rewards, or a user to dump a trace. Implementations must be quick
 * and should not allocate per call if the run is long.
 *
 * <pre>{@code
 * RequestListener trace = (balancer, backend, arrival, latency, outcome) ->
 *     out.printf("%d,%d,%d,%s%n", backend, arrival, latency, outcome);
 * }</pre>
 */
@FunctionalInterface
public interface RequestListener {

  /** Called once before the first event, with a live view of the cluster's true state. */
  default void onStart(TrueClusterState cluster) {}

  /**
   * Called once per request when its client learns the outcome.
   *
   * @param balancer index of the balancer that routed it (0 for the clairvoyant)
   * @param backend index of the backend it was sent to, or -1 if none could be picked
   * @param arrivalNanos when it arrived, simulated nanoseconds
   * @param latencyNanos how long its client waited
   * @param outcome how it ended
   */
  void onRequestEnd(
      int balancer, int backend, long arrivalNanos, long latencyNanos, Outcome outcome);
}
