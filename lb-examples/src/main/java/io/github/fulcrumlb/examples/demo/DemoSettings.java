package io.github.fulcrumlb.examples.demo;

import java.time.Duration;
import java.util.Map;

/**
 * Everything one demo run needs; {@link #defaults()} are the values {@code ./fulcrum demo} uses.
 *
 * <pre>{@code
 * DemoSettings s = DemoSettings.defaults().withStrategy("rl[online=true]");
 * }</pre>
 *
 * @param strategy the strategy's name, possibly with options in brackets ({@link
 *     io.github.fulcrumlb.api.StrategySpec}: {@code rl[scan=8]}); results are labelled with it
 * @param backends number of in-process backends, in [1, 16]
 * @param rate open-loop datagrams per second
 * @param outstanding closed-loop requests in flight; 0 for open loop
 * @param seconds how long traffic runs
 * @param maxRequests most datagrams sent
 * @param metricsInterval how often backend metrics are sampled (Telegraf's {@code interval})
 * @param refresh how often the live view is redrawn
 * @param neighbour index of the backend that gets a noisy neighbour half-way, or -1 for none
 * @param seed seed of the arrival process
 * @param size datagram size in bytes
 * @param influxUrl InfluxDB to read metrics from and write decisions to, or {@code null}
 * @param influxDatabase its database (on 2.x, the DBRP-mapped name)
 * @param strategyOptions the strategy's options (e.g. {@code online=true} for {@code rl})
 */
public record DemoSettings(
    String strategy,
    int backends,
    double rate,
    int outstanding,
    double seconds,
    long maxRequests,
    Duration metricsInterval,
    Duration refresh,
    int neighbour,
    long seed,
    int size,
    String influxUrl,
    String influxDatabase,
    Map<String, String> strategyOptions) {

  /** Default number of backends. */
  public static final int DEFAULT_BACKENDS = 4;

  /** Default open-loop rate: the backends are busy, not saturated, on two cores. */
  public static final double DEFAULT_RATE = 800;

  /** Default run time, seconds. */
  public static final double DEFAULT_SECONDS = 30;

  /** Default metrics interval. */
  public static final Duration DEFAULT_METRICS_INTERVAL = Duration.ofSeconds(2);

  /** Validates ranges; copies the options. */
  public DemoSettings {
    strategyOptions = Map.copyOf(strategyOptions);
    if (backends < 1 || backends > 16) {
      throw new IllegalArgumentException("--backends must be in [1, 16] but was " + backends);
    }
    if (!(rate > 0) || rate > 100_000) {
      throw new IllegalArgumentException("--rate must be in (0, 100000] but was " + rate);
    }
    if (outstanding < 0 || outstanding > 1024) {
      throw new IllegalArgumentException(
          "--closed-loop must be in [0, 1024] but was " + outstanding);
    }
    if (!(seconds > 0) || seconds > 3600) {
      throw new IllegalArgumentException("--seconds must be in (0, 3600] but was " + seconds);
    }
    if (maxRequests < 1) {
      throw new IllegalArgumentException("--max-requests must be >= 1 but was " + maxRequests);
    }
    if (metricsInterval.toMillis() < 100 || refresh.toMillis() < 50) {
      throw new IllegalArgumentException("--metrics-interval must be >= 100ms, --refresh >= 50ms");
    }
    if (neighbour < -1 || neighbour >= backends) {
      throw new IllegalArgumentException(
          "--neighbour must be a backend index below "
              + backends
              + " (or -1) but was "
              + neighbour);
    }
  }

  /** The defaults of {@code ./fulcrum demo}. */
  public static DemoSettings defaults() {
    return new DemoSettings(
        "rl",
        DEFAULT_BACKENDS,
        DEFAULT_RATE,
        0,
        DEFAULT_SECONDS,
        1_000_000,
        DEFAULT_METRICS_INTERVAL,
        Duration.ofSeconds(1),
        0,
        42,
        64,
        null,
        "telegraf",
        Map.of());
  }

  /** These settings with another strategy. */
  public DemoSettings withStrategy(String value) {
    return new DemoSettings(
        value,
        backends,
        rate,
        outstanding,
        seconds,
        maxRequests,
        metricsInterval,
        refresh,
        neighbour,
        seed,
        size,
        influxUrl,
        influxDatabase,
        strategyOptions);
  }

  /** Workers ("cores") of backend {@code i}: 1, 2, 1, 2, ... */
  public static int workersOf(int i) {
    return 1 + i % 2;
  }

  /** CPU per datagram of backend {@code i}: 200 µs × 2^(i mod 4): 200, 400, 800, 1600, 200, ... */
  public static long workMicrosOf(int i) {
    return 200L << (i % 4);
  }
}
