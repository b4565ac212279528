package io.github.fulcrumlb.examples.embedding;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.core.BackendStats;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.core.metrics.InMemoryMetricsSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The embedding example of the README, as a program: a service balances its calls over three
 * backends with the {@code least-load} strategy while host metrics say one backend is hot. The code
 * between the {@code README} markers is the README's snippet, word for word (a test checks).
 *
 * <p>Run it with {@code java -cp ... io.github.fulcrumlb.examples.embedding.EmbeddingExample}; it
 * prints how many of 1,000 calls each backend served. No network traffic: the "call" is local.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /** Runs the example, which prints calls per backend. */
  public static void main(String[] args) throws Exception {
    run();
  }

  /** Runs the example; returns how many calls each backend served. */
  public static Map<String, Integer> run() throws Exception {
    Map<String, Integer> served = new TreeMap<>();
    // README:start
    InMemoryMetricsSource metrics = new InMemoryMetricsSource(); // or InfluxDB, Telegraf's schema
    try (LoadBalancer lb =
        LoadBalancer.builder()
            .backends(
                List.of(
                    Backend.of("node-5", "127.0.0.1", 9005),
                    Backend.of("node-6", "127.0.0.1", 9006),
                    Backend.of("node-7", "127.0.0.1", 9007).withWeight(2)))
            .strategy("least-load") // any name from `./fulcrum strategies`
            .metrics(metrics)
            .build()) {

      long now = System.currentTimeMillis(); // cpu, memory, net in/out (bytes/s), sample time
      metrics.put("node-5", new HostMetrics(0.97, 0.80, 9e7, 9e7, now)); // hot
      metrics.put("node-6", new HostMetrics(0.20, 0.30, 1e6, 1e6, now));
      metrics.put("node-7", new HostMetrics(0.25, 0.35, 1e6, 1e6, now));
      lb.refresh(); // optional: metrics changes are picked up in the background anyway

      for (int i = 0; i < 1_000; i++) {
        // pick, call, report latency and success; an exception counts as a failure
        String id = lb.execute(backend -> callService(backend));
        served.merge(id, 1, Integer::sum);
      }
      for (BackendStats b : lb.stats().backends()) { // also in flight, latency, ejections
        System.out.printf("%s: %d calls, %d failed%n", b.id(), b.completed(), b.failed());
      }
    }
    // README:end
    return served;
  }

  /** Stands in for the service's real call (HTTP, gRPC, UDP...). */
  private static String callService(Backend backend) {
    return backend.id();
  }
}
