package io.github.fulcrumlb.examples.embedding;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.micrometer.LoadBalancerMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * The README's Micrometer example, as a program: an embedded {@link LoadBalancer} bound to a
 * Prometheus registry with {@link LoadBalancerMetrics}, 100 calls, then the scrape a Prometheus
 * server would read. The code between the {@code README} markers is the README's snippet, word for
 * word (a test checks and runs it).
 */
public final class MetricsExample {
  private MetricsExample() {}

  /** Runs the example and prints the scrape. */
  public static void main(String[] args) throws Exception {
    System.out.print(run());
  }

  /** Runs the example; returns the Prometheus text after the calls. */
  public static String run() throws Exception {
    String scrape;
    // README:start
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (LoadBalancer lb =
            LoadBalancer.builder()
                .backends(
                    List.of(
                        Backend.of("node-5", "127.0.0.1", 9005),
                        Backend.of("node-6", "127.0.0.1", 9006)))
                .strategy("p2c")
                .build();
        LoadBalancerMetrics metrics = new LoadBalancerMetrics(lb, Tags.of("balancer", "orders"))) {
      metrics.bindTo(registry); // or any MeterRegistry, e.g. Spring Boot's

      for (int i = 0; i < 100; i++) {
        lb.execute(backend -> callService(backend));
      }
      // What GET /metrics serves: per-backend picks, requests, in flight, latency histogram,
      // ejections, weight, ready count.
      scrape = registry.scrape();
    }
    // README:end
    return scrape;
  }

  /** Stands in for the service's real call. */
  private static String callService(Backend backend) {
    return backend.id();
  }
}
