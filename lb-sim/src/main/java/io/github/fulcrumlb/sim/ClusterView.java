package io.github.fulcrumlb.sim;

/**
 * Read-only view of the simulated cluster's true state during a run, for observers such as an RL
 * trainer computing features and rewards. Strategies never see it: they only get what a real
 * balancer would see through lb-api.
 */
public interface ClusterView {

  /** Number of backends. */
  int size();

  /** Id of backend {@code i}. */
  String id(int i);

  /** Requests in backend {@code i} now (in service or queued). */
  int inSystem(int i);

  /** Parallel slots of backend {@code i}. */
  int concurrency(int i);

  /** Work units per second one slot of backend {@code i} serves now. */
  double currentRate(int i);

  /** Whether backend {@code i} is up. */
  boolean alive(int i);

  /** Current simulated time, nanoseconds since the start of the run. */
  long nowNanos();
}
