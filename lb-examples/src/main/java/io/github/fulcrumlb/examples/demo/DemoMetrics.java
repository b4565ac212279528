package io.github.fulcrumlb.examples.demo;

import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.api.MetricsSource;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import java.util.Map;

/**
 * Where the demo balancer's host metrics come from: {@link LocalDemoMetrics} (in memory, the
 * default) or {@link InfluxDemoMetrics} (through a real InfluxDB in Telegraf's schema).
 *
 * <pre>{@code
 * try (DemoMetrics metrics = new LocalDemoMetrics(backends, Duration.ofSeconds(2))) {
 *   UdpBalancer lb = UdpBalancer.start(config.metrics(metrics.source()).build());
 *   metrics.attach(lb);
 * }
 * }</pre>
 */
public interface DemoMetrics extends AutoCloseable {
  /** The source the balancer reads. */
  MetricsSource source();

  /** Called once the balancer runs (e.g. to write its decisions back). The default does nothing. */
  default void attach(UdpBalancer balancer) {}

  /** The latest sample per backend id, as the balancer sees it. */
  default Map<String, HostMetrics> latest() {
    return source().latest();
  }

  /** One line saying where metrics come from. */
  String describe();

  /** Stops background work; flushes what is pending. */
  @Override
  void close();
}
