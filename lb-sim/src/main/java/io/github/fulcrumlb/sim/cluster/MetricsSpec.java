package io.github.fulcrumlb.sim.cluster;

/**
 * How host metrics reach the balancers, as with Telegraf writing to InfluxDB and the balancer
 * reading from it: every backend is sampled every {@code periodSeconds} (aligned, as Telegraf's
 * {@code round_interval} does), each sample becomes visible {@code lagSeconds} later, and every
 * value carries Gaussian noise of standard deviation {@code noise} (absolute for CPU and memory
 * fractions, relative for network rates). A period of 0 turns host metrics off.
 *
 * @param periodSeconds sampling period, {@code >= 0}; Telegraf's default is 10 s
 * @param lagSeconds delay from sampling to visibility, {@code >= 0}
 * @param noise standard deviation of the noise, in [0, 1]
 */
public record MetricsSpec(double periodSeconds, double lagSeconds, double noise) {
  /** Telegraf's defaults: every 10 s, visible 1 s later, no noise. */
  public static final MetricsSpec DEFAULT = new MetricsSpec(10, 1, 0);

  /** Validates every field. */
  public MetricsSpec {
    if (!(periodSeconds >= 0) || Double.isInfinite(periodSeconds)) {
      throw new IllegalArgumentException("period must be >= 0 but was " + periodSeconds);
    }
    if (!(lagSeconds >= 0) || Double.isInfinite(lagSeconds)) {
      throw new IllegalArgumentException("lag must be >= 0 but was " + lagSeconds);
    }
    if (!(noise >= 0 && noise <= 1)) {
      throw new IllegalArgumentException("noise must be in [0, 1] but was " + noise);
    }
  }

  /** Whether hosts are sampled at all. */
  public boolean enabled() {
    return periodSeconds > 0;
  }
}
