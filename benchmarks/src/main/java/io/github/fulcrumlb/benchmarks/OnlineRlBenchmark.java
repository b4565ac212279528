package io.github.fulcrumlb.benchmarks;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What online learning costs the data plane: {@code rl} with {@code online=false} beside {@code
 * online=true} after the learner has corrected a backend (so the guard mixes frozen picks in), on
 * the same {@link SyntheticCluster} of 16 backends. {@code pick*} is one pick; {@code outcome*} is
 * one {@link Strategy#onOutcome} (what the learner records per request; a no-op when off).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar OnlineRlBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OnlineRlBenchmark {

  @Param({"false", "true"})
  public boolean online;

  @Param({"16"})
  public int backends;

  private Strategy rl;
  private Endpoint[] endpoints;

  /** Creates rl, and with online learning teaches it that backend-0 is 8x slower than it says. */
  @Setup
  public void setUp() {
    ManualTimeSource time = new ManualTimeSource();
    rl =
        Strategies.create(
            "rl",
            StrategyContext.builder()
                .option("online", Boolean.toString(online))
                .option("learning-rate", "1")
                .time(time)
                .random(RandomSource.threadLocal())
                .build());
    SyntheticCluster cluster = SyntheticCluster.of(backends);
    List<Endpoint> eps = cluster.endpoints();
    endpoints = eps.toArray(new Endpoint[0]);
    for (int second = 0; second < 30; second++) {
      rl.update(cluster.snapshot());
      for (int k = 0; k < 50; k++) {
        for (Endpoint e : endpoints) {
          rl.onOutcome(e, e.id().equals(endpoints[0].id()) ? 8_000_000 : 1_000_000, true);
        }
      }
      time.advance(Duration.ofSeconds(1));
    }
    rl.update(cluster.snapshot());
    if (online && ((RlStrategy) rl).stats().online().correctedBackends() == 0) {
      throw new IllegalStateException(
          "the learner corrected nothing: " + ((RlStrategy) rl).stats());
    }
  }

  /** One thread picking. */
  @Benchmark
  @Threads(1)
  public Endpoint pickOneThread(PickKeys keys) {
    return rl.pick(keys.next());
  }

  /** Two threads picking from the same strategy at once. */
  @Benchmark
  @Threads(2)
  public Endpoint pickTwoThreads(PickKeys keys) {
    return rl.pick(keys.next());
  }

  /** One thread reporting outcomes (round the backends). */
  @Benchmark
  @Threads(1)
  public void outcomeOneThread(PickKeys keys) {
    rl.onOutcome(endpoints[(int) (keys.next() & 15) % endpoints.length], 1_000_000, true);
  }

  /** Two threads reporting outcomes at once. */
  @Benchmark
  @Threads(2)
  public void outcomeTwoThreads(PickKeys keys) {
    rl.onOutcome(endpoints[(int) (keys.next() & 15) % endpoints.length], 1_000_000, true);
  }
}
