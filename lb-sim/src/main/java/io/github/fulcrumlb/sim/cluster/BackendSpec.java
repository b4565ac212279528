package io.github.fulcrumlb.sim.cluster;

/**
 * One simulated backend: a queueing server with {@code concurrency} parallel slots, each serving
 * {@code rate} work units per second, in front of a FIFO queue of at most {@code queueLimit}
 * waiting requests.
 *
 * @param id unique name, shown in reports
 * @param weight the weight an operator configured for it, seen by weight-aware strategies, in [1, 1
 *     000 000]
 * @param concurrency parallel slots (threads, workers), in [1, 4096]
 * @param rate work units served per second by one slot, {@code > 0}
 * @param queueLimit most requests waiting for a slot; an arrival beyond it is dropped; -1 means
 *     unbounded
 * @param memoryBase fraction of host memory in use without any request, in [0, 1]
 * @param background noisy neighbours on the host
 */
public record BackendSpec(
    String id,
    int weight,
    int concurrency,
    double rate,
    int queueLimit,
    double memoryBase,
    BackgroundSpec background) {

  /** Validates every field; see the parameter documentation for the accepted ranges. */
  public BackendSpec {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    if (weight < 1 || weight > 1_000_000) {
      throw new IllegalArgumentException("weight must be in [1, 1000000] but was " + weight);
    }
    if (concurrency < 1 || concurrency > 4096) {
      throw new IllegalArgumentException("concurrency must be in [1, 4096] but was " + concurrency);
    }
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be a finite number > 0 but was " + rate);
    }
    if (queueLimit < -1) {
      throw new IllegalArgumentException("queueLimit must be -1 (unbounded) or >= 0");
    }
    if (!(memoryBase >= 0 && memoryBase <= 1)) {
      throw new IllegalArgumentException("memory must be in [0, 1] but was " + memoryBase);
    }
    if (background == null) {
      throw new IllegalArgumentException("background must not be null");
    }
  }

  /** A backend of weight 1, one slot of rate {@code rate}, unbounded queue, no background. */
  public static BackendSpec of(String id, double rate) {
    return new BackendSpec(id, 1, 1, rate, -1, 0.2, BackgroundSpec.NONE);
  }

  /** Total work units per second of all slots, without background load. */
  public double capacity() {
    return concurrency * rate;
  }
}
