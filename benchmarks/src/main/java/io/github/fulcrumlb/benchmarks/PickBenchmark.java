package io.github.fulcrumlb.benchmarks;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
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
 * Cost of one {@link Strategy#pick(long)} for every built-in strategy, found by name exactly as a
 * user would find it, over a {@link SyntheticCluster} of 3, 16 or 256 backends.
 *
 * <p>One strategy instance is shared by all benchmark threads, as one balancer serves all request
 * threads; {@link #pickOneThread} and {@link #pickTwoThreads} show the uncontended and contended
 * cost in the same run. The context is {@link StrategyContext#DEFAULT} (system clock, thread-local
 * randomness): what production gets. Loads do not change during the run: this measures the pick,
 * not the tracker updates around it.
 *
 * <p>Run through {@code benchmarks/run-pick-benchmarks.sh}, or directly:
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar PickBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PickBenchmark {

  @Param({
    "round-robin",
    "random",
    "weighted-round-robin",
    "least-load",
    "least-request",
    "p2c",
    "peak-ewma",
    "consistent-hash",
    "rl"
  })
  public String strategy;

  @Param({"3", "16", "256"})
  public int backends;

  private Strategy picker;

  /** Creates the strategy by name and publishes the cluster to it. */
  @Setup
  public void setUp() {
    picker = Strategies.create(strategy, StrategyContext.DEFAULT);
    picker.update(SyntheticCluster.of(backends).snapshot());
  }

  /** One thread picking. */
  @Benchmark
  @Threads(1)
  public Endpoint pickOneThread(PickKeys keys) {
    return picker.pick(keys.next());
  }

  /** Two threads picking from the same strategy at once. */
  @Benchmark
  @Threads(2)
  public Endpoint pickTwoThreads(PickKeys keys) {
    return picker.pick(keys.next());
  }
}
