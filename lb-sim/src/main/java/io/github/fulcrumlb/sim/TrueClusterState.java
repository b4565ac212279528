package io.github.fulcrumlb.sim;

/**
 * The true state of the simulated cluster during a run, read-only, for observers such as an RL
 * trainer computing features and rewards: every queue, every current rate, whether each backend is
 * up. Strategies never see it: they only get what a real balancer would see through lb-api (a
 * {@link io.github.fulcrumlb.api.ClusterSnapshot} of endpoints, counters and delayed host metrics).
 *
 * <pre>{@code
 * Simulation.of(scenario).withListener(new RequestListener() {
 *   public void onStart(TrueClusterState cluster) { this.cluster = cluster; }
 *   ...
 * });
 * }</pre>
 */
public interface TrueClusterState {

  /** Number of backends. */
  int size();

  /** Id of backend {@code i}. */
  String id(int i);

  /** Requests in backend {@code i} now (in service or queued). */
  int inSystem(int i);

  /** Parallel slots of backend {@code i}. */
  int concurrency(int i);

  /**
   * Work units per second one slot of backend {@code i} serves now, between stall pauses (a {@code
   * stall} fault stops the backend outright during each pause).
   */
  double currentRate(int i);

  /** Whether backend {@code i} is up. */
  boolean alive(int i);

  /** Current simulated time, nanoseconds since the start of the run. */
  long nowNanos();
}
