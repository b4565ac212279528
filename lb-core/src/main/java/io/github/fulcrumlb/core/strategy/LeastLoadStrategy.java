package io.github.fulcrumlb.core.strategy;

import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.StrategyContext;
import java.time.Duration;
import java.util.List;

/**
 * Least load: steers traffic away from hosts whose reported CPU, memory and network use is high,
 * without herding onto the one host that looked idle when the metrics were taken.
 *
 * <p>Use it when backends share hosts with other work, so that host metrics (Telegraf through
 * InfluxDB) say more than the balancer's own counters. Those metrics are seconds old, so they only
 * set a per-backend cost factor in {@code update}; each pick compares two random backends on fresh
 * in-flight counts scaled by that factor (power of two choices), so a host that looked idle gets
 * more traffic but not all of it.
 *
 * <p>In {@code update}, for each backend with a fresh host sample:
 *
 * <pre>
 * score    = cpuWeight * cpu + memoryWeight * memory
 *            + networkWeight * min(1, (netIn + netOut) / networkCapacity)     in [0, 1]
 * headroom = max(0.05, 1 - score)
 * </pre>
 *
 * A backend with no sample, or a sample older than {@code stale-after}, is scored neutrally: the
 * mean score of the backends with fresh samples, or 0.5 when none is fresh. Per pick, two distinct
 * backends are drawn uniformly and the one with the lower {@code (inFlight + 1) / (headroom *
 * weight)} wins (the first drawn on a tie); one backend is always picked.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code cpu-weight}, {@code memory-weight}, {@code network-weight}: each in [0, 1], sum at
 *       most 1; defaults 0.5, 0.2, 0.3.
 *   <li>{@code network-capacity}: bytes per second, in and out together, that count as a saturated
 *       network; default 125,000,000 (1 Gbit/s).
 *   <li>{@code stale-after}: age beyond which a host sample is ignored; default 30s (three Telegraf
 *       intervals), between 1ms and 1d.
 * </ul>
 *
 * <pre>{@code
 * Strategy s = Strategies.create("least-load", StrategyContext.builder()
 *     .option("cpu-weight", "0.8").option("memory-weight", "0.2").option("network-weight", "0")
 *     .option("stale-after", "20s")
 *     .build());
 * }</pre>
 */
public final class LeastLoadStrategy extends SnapshotStrategy<TwoChoicePicker> {

  /** The name this strategy is registered under. */
  public static final String NAME = "least-load";

  /** Score of every backend when no backend has a fresh host sample. */
  public static final double NEUTRAL_SCORE_WITHOUT_FRESH_SAMPLES = 0.5;

  /** Least headroom a backend is given, however loaded it looks, so that it is never ruled out. */
  public static final double MIN_HEADROOM = 0.05;

  private static final List<String> OPTIONS =
      List.of("cpu-weight", "memory-weight", "network-weight", "network-capacity", "stale-after");

  private final RandomSource random;
  private final double cpuWeight;
  private final double memoryWeight;
  private final double networkWeight;
  private final double networkCapacity;
  private final long staleAfterMillis;

  /**
   * A strategy configured by the context's options (see the class documentation).
   *
   * @param context options, clock and randomness
   * @throws IllegalArgumentException naming the option if one is unknown or invalid
   */
  public LeastLoadStrategy(StrategyContext context) {
    super(NAME);
    context.requireOnly(NAME, OPTIONS);
    this.random = context.random();
    this.cpuWeight = context.doubleOption("cpu-weight", 0.5, 0, 1);
    this.memoryWeight = context.doubleOption("memory-weight", 0.2, 0, 1);
    this.networkWeight = context.doubleOption("network-weight", 0.3, 0, 1);
    if (cpuWeight + memoryWeight + networkWeight > 1 + 1e-9) {
      throw new IllegalArgumentException(
          "Options \"cpu-weight\" + \"memory-weight\" + \"network-weight\" must be at most 1 but"
              + " were "
              + cpuWeight
              + " + "
              + memoryWeight
              + " + "
              + networkWeight);
    }
    this.networkCapacity = context.doubleOption("network-capacity", 125_000_000, 1, 1e15);
    this.staleAfterMillis =
        context
            .durationOption(
                "stale-after", Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofDays(1))
            .toMillis();
  }

  @Override
  TwoChoicePicker build(ClusterSnapshot cluster, TwoChoicePicker current) {
    int n = cluster.size();
    double[] scores = new double[n];
    boolean[] fresh = new boolean[n];
    double freshSum = 0;
    int freshCount = 0;
    for (int i = 0; i < n; i++) {
      BackendMetrics m = cluster.metrics(i);
      if (m.isFresh(staleAfterMillis)) {
        fresh[i] = true;
        scores[i] = score(m);
        freshSum += scores[i];
        freshCount++;
      }
    }
    double neutral = freshCount == 0 ? NEUTRAL_SCORE_WITHOUT_FRESH_SAMPLES : freshSum / freshCount;
    Endpoint[] endpoints = cluster.endpoints().toArray(new Endpoint[0]);
    double[] costFactors = new double[n];
    for (int i = 0; i < n; i++) {
      double headroom = Math.max(MIN_HEADROOM, 1.0 - (fresh[i] ? scores[i] : neutral));
      costFactors[i] = 1.0 / (headroom * endpoints[i].weight());
    }
    TwoChoicePicker next = new TwoChoicePicker(endpoints, costFactors);
    return next.equals(current) ? current : next;
  }

  private double score(BackendMetrics m) {
    double network =
        Math.min(
            1.0, (m.networkInBytesPerSecond() + m.networkOutBytesPerSecond()) / networkCapacity);
    return cpuWeight * m.cpu() + memoryWeight * m.memory() + networkWeight * network;
  }

  @Override
  public Endpoint tryPick(long key) {
    TwoChoicePicker p = picker();
    return p == null ? null : p.pick(random);
  }

  /** Registers {@code least-load}. */
  public static final class Provider extends NamedStrategyProvider {
    /** Required by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(
          NAME,
          "Two random backends compared on in-flight load scaled by host CPU/memory/network",
          LeastLoadStrategy::new);
    }
  }
}
