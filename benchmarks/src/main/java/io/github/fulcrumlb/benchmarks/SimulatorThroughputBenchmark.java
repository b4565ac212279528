package io.github.fulcrumlb.benchmarks;

import io.github.fulcrumlb.sim.Simulation;
import io.github.fulcrumlb.sim.report.RunResult;
import io.github.fulcrumlb.sim.scenario.Scenario;
import io.github.fulcrumlb.sim.scenario.ScenarioLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulated requests per second of one simulator run, single-threaded: a whole run of {@value
 * #REQUESTS} requests of a bundled scenario (default {@code heterogeneous}) with one strategy
 * (default {@code p2c}) per invocation, so the score includes everything a run costs (arrivals,
 * picks, tracker updates, snapshot refreshes, metric samples, histogram recording). The score is in
 * operations per second where an operation is one simulated request.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SimulatorThroughputBenchmark -f 1 -wi 2 -i 3
 * java -jar benchmarks/target/benchmarks.jar SimulatorThroughputBenchmark -p strategy=clairvoyant
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SimulatorThroughputBenchmark {
  /** Requests per simulated run (one benchmark invocation). */
  public static final int REQUESTS = 200_000;

  @Param({"heterogeneous"})
  public String scenario;

  /** A strategy name, or {@code clairvoyant} for the oracle. */
  @Param({"p2c"})
  public String strategy;

  private Simulation simulation;

  /** Loads the scenario, shortened to {@value #REQUESTS} requests. */
  @Setup
  public void setUp() {
    Scenario s = ScenarioLoader.bundled(scenario).withRequests(REQUESTS);
    simulation = Simulation.of(s);
  }

  /** One whole run. */
  @Benchmark
  @OperationsPerInvocation(REQUESTS)
  public RunResult run() {
    return strategy.equals("clairvoyant") ? simulation.runClairvoyant() : simulation.run(strategy);
  }
}
