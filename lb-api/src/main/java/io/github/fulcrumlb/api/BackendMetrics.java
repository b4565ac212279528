package io.github.fulcrumlb.api;

/**
 * Everything known about one backend's load when a {@link ClusterSnapshot} was built: the latest
 * host sample (possibly seconds old) together with what the balancer observed itself.
 *
 * <p>Strategies read this in {@link Strategy#update} (control plane) to compute scores or weights;
 * they must not rely on it for per-pick decisions, which use the live {@link LoadTracker} instead.
 *
 * @param cpu fraction of host CPU in use, in [0, 1]; 0 when there is no sample
 * @param memory fraction of host memory in use, in [0, 1]; 0 when there is no sample
 * @param networkInBytesPerSecond bytes received per second, finite and {@code >= 0}
 * @param networkOutBytesPerSecond bytes sent per second, finite and {@code >= 0}
 * @param sampleAgeMillis age of the host sample, {@code >= 0}; {@link #NO_SAMPLE} when none exists
 * @param inFlight requests this balancer has outstanding at the backend, {@code >= 0}
 * @param latencyMillis this balancer's latency moving average for the backend, {@code >= 0}
 * @param errorRate this balancer's moving failure fraction for the backend, in [0, 1]
 */
public record BackendMetrics(
    double cpu,
    double memory,
    double networkInBytesPerSecond,
    double networkOutBytesPerSecond,
    long sampleAgeMillis,
    int inFlight,
    double latencyMillis,
    double errorRate) {

  /** {@link #sampleAgeMillis()} of a backend no host sample has been seen for. */
  public static final long NO_SAMPLE = Long.MAX_VALUE;

  /** Metrics of a backend nothing is known about yet. */
  public static final BackendMetrics UNKNOWN = new BackendMetrics(0, 0, 0, 0, NO_SAMPLE, 0, 0, 0);

  /** Validates every field; see the parameter documentation for the accepted ranges. */
  public BackendMetrics {
    Checks.fraction("BackendMetrics.cpu", cpu);
    Checks.fraction("BackendMetrics.memory", memory);
    Checks.nonNegativeFinite("BackendMetrics.networkInBytesPerSecond", networkInBytesPerSecond);
    Checks.nonNegativeFinite("BackendMetrics.networkOutBytesPerSecond", networkOutBytesPerSecond);
    Checks.inRange("BackendMetrics.sampleAgeMillis", sampleAgeMillis, 0, Long.MAX_VALUE);
    Checks.inRange("BackendMetrics.inFlight", inFlight, 0, Integer.MAX_VALUE);
    Checks.nonNegativeFinite("BackendMetrics.latencyMillis", latencyMillis);
    Checks.fraction("BackendMetrics.errorRate", errorRate);
  }

  /**
   * Combines a host sample (or {@code null} when there is none) with a tracker's local view.
   *
   * @param sample the latest host sample, or {@code null}
   * @param nowMillis wall-clock time the snapshot is built at, to compute the sample's age
   * @param load the balancer's live counters for the backend
   */
  public static BackendMetrics of(HostMetrics sample, long nowMillis, LoadTracker load) {
    Checks.nonNull("load", load);
    double latencyMillis = load.latencyEwmaNanos() / 1e6;
    if (sample == null) {
      return new BackendMetrics(
          0, 0, 0, 0, NO_SAMPLE, load.inFlight(), latencyMillis, load.errorRate());
    }
    return new BackendMetrics(
        sample.cpu(),
        sample.memory(),
        sample.networkInBytesPerSecond(),
        sample.networkOutBytesPerSecond(),
        sample.ageMillis(nowMillis),
        load.inFlight(),
        latencyMillis,
        load.errorRate());
  }

  /** Whether a host sample exists at all (it may still be stale). */
  public boolean hasHostSample() {
    return sampleAgeMillis != NO_SAMPLE;
  }

  /** Whether a host sample exists and is at most {@code maxAgeMillis} old. */
  public boolean isFresh(long maxAgeMillis) {
    return hasHostSample() && sampleAgeMillis <= maxAgeMillis;
  }
}
