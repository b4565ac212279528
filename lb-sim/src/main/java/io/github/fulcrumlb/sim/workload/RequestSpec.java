package io.github.fulcrumlb.sim.workload;

/**
 * What every request costs beyond its service work, and how long a client waits for it.
 *
 * @param timeoutSeconds a client gives up after this long and counts a timeout (the backend still
 *     does the work); 0 means no timeout
 * @param memoryPerRequest fraction of a host's memory a request holds while in the backend, in [0,
 *     1]
 * @param bytesIn bytes a request carries to its backend, {@code >= 0}
 * @param bytesOut bytes its response carries back, {@code >= 0}
 */
public record RequestSpec(
    double timeoutSeconds, double memoryPerRequest, double bytesIn, double bytesOut) {
  /** No timeout, 0.1% memory per request, 2 kB in, 20 kB out. */
  public static final RequestSpec DEFAULT = new RequestSpec(0, 0.001, 2_000, 20_000);

  /** Validates every field. */
  public RequestSpec {
    if (!(timeoutSeconds >= 0) || Double.isInfinite(timeoutSeconds)) {
      throw new IllegalArgumentException("timeout must be >= 0 but was " + timeoutSeconds);
    }
    if (!(memoryPerRequest >= 0 && memoryPerRequest <= 1)) {
      throw new IllegalArgumentException("memory must be in [0, 1] but was " + memoryPerRequest);
    }
    if (!(bytesIn >= 0) || Double.isInfinite(bytesIn)) {
      throw new IllegalArgumentException("bytesIn must be >= 0 but was " + bytesIn);
    }
    if (!(bytesOut >= 0) || Double.isInfinite(bytesOut)) {
      throw new IllegalArgumentException("bytesOut must be >= 0 but was " + bytesOut);
    }
  }
}
