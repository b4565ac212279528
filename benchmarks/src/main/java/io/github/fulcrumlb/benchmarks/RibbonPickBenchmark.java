package io.github.fulcrumlb.benchmarks;

import com.netflix.loadbalancer.IRule;
import com.netflix.loadbalancer.Server;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer of {@link PickBenchmark}: one {@link IRule#choose(Object)} of Netflix Ribbon
 * (ribbon-loadbalancer) over the same backends and in-flight counts ({@link RibbonCluster}), with
 * the same parameters, modes and thread counts, so that both land in one table. Read {@code
 * ribbon:RoundRobinRule} against {@code round-robin}, and {@code ribbon:BestAvailableRule} (fewest
 * active requests, full scan) against {@code least-load} and {@code p2c}.
 *
 * <p>{@code IRule.choose} is the layer {@code BaseLoadBalancer.chooseServer} delegates to, as
 * {@code Strategy.pick} is for Fulcrum's balancer. Ribbon's rules ignore the key; {@code null} is
 * passed so that no key is boxed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RibbonPickBenchmark {

  @Param({RibbonCluster.ROUND_ROBIN, RibbonCluster.BEST_AVAILABLE})
  public String strategy;

  @Param({"3", "16", "256"})
  public int backends;

  private RibbonCluster cluster;
  private IRule rule;

  /** Builds the balancer and attaches the rule. */
  @Setup
  public void setUp() {
    cluster = RibbonCluster.of(strategy, backends);
    rule = cluster.rule();
  }

  /** Unregisters the balancer. */
  @TearDown
  public void tearDown() {
    cluster.shutdown();
  }

  /** One thread choosing. */
  @Benchmark
  @Threads(1)
  public Server pickOneThread() {
    return rule.choose(null);
  }

  /** Two threads choosing from the same rule at once. */
  @Benchmark
  @Threads(2)
  public Server pickTwoThreads() {
    return rule.choose(null);
  }
}
