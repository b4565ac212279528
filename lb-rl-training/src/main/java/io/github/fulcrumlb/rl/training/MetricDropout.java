package io.github.fulcrumlb.rl.training;

import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.ForwardingStrategy;
import io.github.fulcrumlb.api.Strategy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Takes host metrics away from a training episode, so that one model learns to serve with and
 * without a metrics source: all samples gone (no metrics source, the default {@code fulcrum udp}),
 * some backends never sampled, or every sample arriving late. The balancer's own counters
 * (in-flight, latency, throughput, errors) are left as they are. Drawn once per episode ({@link
 * #draw}); {@link #wrap} puts it between the simulator and a strategy.
 *
 * <pre>{@code
 * MetricDropout d = MetricDropout.draw(rnd);
 * Strategy s = d.wrap(new RlStrategy(model, ctx, observer), () -> ctx.time().nanoTime());
 * }</pre>
 *
 * @param mode what is taken away
 * @param missingFraction with {@link Mode#SOME_BACKENDS}: the share of backends without samples
 * @param delayNanos with {@link Mode#LATE}: how much later than the simulator's own lag each sample
 *     arrives
 * @param salt decides which backends lose their samples (by id), so every balancer of an episode
 *     agrees
 */
record MetricDropout(Mode mode, double missingFraction, long delayNanos, long salt) {

  /** What is taken away. */
  enum Mode {
    /** Nothing: the scenario's metrics as they are. */
    NONE,
    /** Every host sample: no metrics source. */
    ALL,
    /** Every sample of a fixed subset of the backends. */
    SOME_BACKENDS,
    /** Nothing, but every sample is seen {@code delayNanos} later than the scenario says. */
    LATE
  }

  /** Keeps the scenario's metrics. */
  static final MetricDropout NONE = new MetricDropout(Mode.NONE, 0, 0, 0);

  /** Removes every host sample. */
  static final MetricDropout ALL = new MetricDropout(Mode.ALL, 0, 0, 0);

  /**
   * A dropout for one episode: none with p = 0.4, all samples gone 0.3, 20–80% of backends without
   * samples 0.15, samples 2–40 s late 0.15.
   */
  static MetricDropout draw(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    long salt = rnd.nextLong();
    if (u < 0.4) {
      return NONE;
    }
    if (u < 0.7) {
      return ALL;
    }
    if (u < 0.85) {
      return new MetricDropout(Mode.SOME_BACKENDS, 0.2 + 0.6 * v, 0, salt);
    }
    return new MetricDropout(Mode.LATE, 0, (long) ((2 + 38 * v) * 1e9), salt);
  }

  /** {@code strategy} seeing this dropout's metrics; {@code now} is the strategy's clock. */
  Strategy wrap(Strategy strategy, LongSupplier now) {
    return mode == Mode.NONE ? strategy : new Dropping(strategy, now);
  }

  private boolean dropped(String backendId) {
    long h = backendId.hashCode() * 0x9E3779B97F4A7C15L ^ salt;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    return (h >>> 11) * 0x1.0p-53 < missingFraction;
  }

  private static BackendMetrics withoutSample(BackendMetrics m) {
    return new BackendMetrics(
        0, 0, 0, 0, BackendMetrics.NO_SAMPLE, m.inFlight(), m.latencyMillis(), m.errorRate());
  }

  /** Passes every call on, with the metrics of {@code update} taken away or delayed. */
  private final class Dropping extends ForwardingStrategy {
    private final Strategy inner;
    private final LongSupplier now;
    private final Map<String, ArrayDeque<Seen>> history = new HashMap<>();

    Dropping(Strategy inner, LongSupplier now) {
      this.inner = inner;
      this.now = now;
    }

    @Override
    protected Strategy delegate() {
      return inner;
    }

    @Override
    public void update(ClusterSnapshot cluster) {
      long t = now.getAsLong();
      List<BackendMetrics> metrics = new ArrayList<>(cluster.size());
      for (int i = 0; i < cluster.size(); i++) {
        BackendMetrics m = cluster.metrics(i);
        String id = cluster.endpoint(i).id();
        metrics.add(
            switch (mode) {
              case NONE -> m;
              case ALL -> withoutSample(m);
              case SOME_BACKENDS -> dropped(id) ? withoutSample(m) : m;
              case LATE -> late(id, m, t);
            });
      }
      super.update(ClusterSnapshot.of(cluster.endpoints(), metrics));
    }

    /** The newest sample seen at least {@code delayNanos} ago, aged accordingly. */
    private BackendMetrics late(String id, BackendMetrics m, long t) {
      ArrayDeque<Seen> seen = history.computeIfAbsent(id, k -> new ArrayDeque<>());
      if (m.hasHostSample()) {
        seen.addLast(new Seen(t, m));
        if (seen.size() > 256) {
          seen.removeFirst();
        }
      }
      Seen chosen = null;
      for (Iterator<Seen> it = seen.descendingIterator(); it.hasNext(); ) {
        Seen s = it.next();
        if (t - s.atNanos >= delayNanos) {
          chosen = s;
          break;
        }
      }
      if (chosen == null) {
        return withoutSample(m);
      }
      BackendMetrics old = chosen.metrics;
      long age = old.sampleAgeMillis() + (t - chosen.atNanos) / 1_000_000;
      return new BackendMetrics(
          old.cpu(),
          old.memory(),
          old.networkInBytesPerSecond(),
          old.networkOutBytesPerSecond(),
          age,
          m.inFlight(),
          m.latencyMillis(),
          m.errorRate());
    }
  }

  private record Seen(long atNanos, BackendMetrics metrics) {}
}
