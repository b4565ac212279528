package io.github.fulcrumlb.benchmarks;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.micrometer.LoadBalancerMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What binding {@link LoadBalancerMetrics} costs a request: one {@link LoadBalancer#pick(long)}
 * followed by its {@link LoadBalancer#report}, through the whole in-process balancer (not the bare
 * strategy of {@link PickBenchmark}), with {@code metrics=none}, {@code metrics=counters} (the
 * binder bound without its latency timer: nothing runs on the report path) and {@code
 * metrics=bound} (the default binder: the report feeds the backend's latency timer and its
 * percentile histogram in a Prometheus registry) in the same run. The pick itself is the same code
 * either way; the difference is the outcome listener on the report.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar LoadBalancerMetricsBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LoadBalancerMetricsBenchmark {

  @Param({"p2c", "round-robin"})
  public String strategy;

  @Param({"16"})
  public int backends;

  @Param({"none", "counters", "bound"})
  public String metrics;

  private LoadBalancer lb;
  private LoadBalancerMetrics binder;
  private PrometheusMeterRegistry registry;

  /** Builds the balancer (manual refresh: no background thread) and binds it if asked. */
  @Setup
  public void setUp() {
    List<Backend> list = new ArrayList<>();
    for (int i = 0; i < backends; i++) {
      list.add(Backend.of("backend-" + i, "10.0.0." + (i + 1), 8080));
    }
    lb = LoadBalancer.builder().backends(list).strategy(strategy).manualRefresh().build();
    if (!metrics.equals("none")) {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      binder = new LoadBalancerMetrics(lb, Tags.empty(), metrics.equals("bound"));
      binder.bindTo(registry);
    }
  }

  /** Unbinds and closes. */
  @TearDown
  public void tearDown() {
    if (binder != null) {
      binder.close();
      registry.close();
    }
    lb.close();
  }

  /** One thread: pick, then report a latency between 0 and 1 ms taken from the key. */
  @Benchmark
  @Threads(1)
  public Endpoint pickAndReportOneThread(PickKeys keys) {
    long key = keys.next();
    Endpoint e = lb.pick(key);
    lb.report(e, key & 0xF_FFFFL, true);
    return e;
  }

  /** Two threads on the same balancer. */
  @Benchmark
  @Threads(2)
  public Endpoint pickAndReportTwoThreads(PickKeys keys) {
    long key = keys.next();
    Endpoint e = lb.pick(key);
    lb.report(e, key & 0xF_FFFFL, true);
    return e;
  }
}
