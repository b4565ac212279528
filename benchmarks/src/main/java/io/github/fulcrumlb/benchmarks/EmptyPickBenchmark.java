package io.github.fulcrumlb.benchmarks;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.NoBackendAvailableException;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.core.LoadBalancer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of "no backend" on the data plane: a {@link LoadBalancer} with no backend, as a UDP
 * transport sees it once per datagram during an outage. {@link #tryPick} is the path the transports
 * take (allocation-free: {@code gc.alloc.rate.norm} must read 0 B); {@link #pickAndCatch} is the
 * throwing {@code pick} beside it, the peer that shows what an exception per datagram costs.
 *
 * <pre>{@code
 * benchmarks/run-pick-benchmarks.sh EmptyPickBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EmptyPickBenchmark {

  @Param({"p2c", "round-robin"})
  public String strategy;

  private LoadBalancer lb;

  /** A balancer over no backend, refreshed by hand (no control thread running). */
  @Setup
  public void setUp() {
    lb =
        LoadBalancer.builder()
            .backends(List.of())
            .strategy(Strategies.create(strategy, StrategyContext.DEFAULT))
            .manualRefresh()
            .build();
  }

  @TearDown
  public void tearDown() {
    lb.close();
  }

  /** The allocation-free way to learn there is no backend. */
  @Benchmark
  public Endpoint tryPick(PickKeys keys) {
    return lb.tryPick(keys.next());
  }

  /** The throwing pick, caught: an exception with a message and a stack trace per call. */
  @Benchmark
  public Object pickAndCatch(PickKeys keys) {
    try {
      return lb.pick(keys.next());
    } catch (NoBackendAvailableException e) {
      return e;
    }
  }
}
