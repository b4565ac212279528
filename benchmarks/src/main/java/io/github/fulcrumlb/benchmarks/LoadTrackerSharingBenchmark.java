package io.github.fulcrumlb.benchmarks;

import io.github.fulcrumlb.api.LoadTracker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * False sharing between the counters of different backends: two threads, each starting and
 * finishing requests on its own backend's {@link LoadTracker}, the two trackers allocated one after
 * the other as a balancer allocates them. Nothing is shared between the threads but cache lines, so
 * {@code neighbours} costing more per operation than {@code alone} (one thread, the same work) is
 * the price of false sharing.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar LoadTrackerSharingBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LoadTrackerSharingBenchmark {
  private static final long LATENCY_NANOS = 1_000_000L;

  // Allocated together, as LoadBalancer allocates a member's tracker when it joins.
  private final LoadTracker first = new LoadTracker();
  private final LoadTracker second = new LoadTracker();

  /** Each thread's own clock, so that the threads share nothing but the trackers' memory. */
  @State(Scope.Thread)
  public static class Clock {
    long now = System.nanoTime();
  }

  private static long request(LoadTracker load, Clock clock) {
    load.requestStarted();
    clock.now += 1_000;
    load.requestFinished(LATENCY_NANOS, true, clock.now);
    return load.completed();
  }

  /** One thread, one tracker: the cost without any other writer. */
  @Benchmark
  @Group("alone")
  @GroupThreads(1)
  public long alone(Clock clock) {
    return request(first, clock);
  }

  /** Two threads, one tracker each, trackers adjacent in memory: this thread's tracker. */
  @Benchmark
  @Group("neighbours")
  @GroupThreads(1)
  public long neighbourA(Clock clock) {
    return request(first, clock);
  }

  /** Two threads, one tracker each, trackers adjacent in memory: the other thread's tracker. */
  @Benchmark
  @Group("neighbours")
  @GroupThreads(1)
  public long neighbourB(Clock clock) {
    return request(second, clock);
  }
}
