package io.github.fulcrumlb.examples.demo;

import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.api.MetricsSource;
import io.github.fulcrumlb.core.metrics.InMemoryMetricsSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The demo's default metrics: every interval, a {@link BackendUsageMeter} per backend takes a
 * reading and all of them go into lb-core's {@link InMemoryMetricsSource} at once, as samples that
 * Telegraf would have collected at that interval (the first one at once, all idle).
 *
 * <pre>{@code
 * try (LocalDemoMetrics m = new LocalDemoMetrics(backends, Duration.ofSeconds(2))) { ... }
 * }</pre>
 */
public final class LocalDemoMetrics implements DemoMetrics {
  private final InMemoryMetricsSource source = new InMemoryMetricsSource();
  private final List<BackendUsageMeter> meters = new ArrayList<>();
  private final Duration interval;
  private final ScheduledExecutorService scheduler;

  /** Starts sampling {@code backends} every {@code interval}. */
  public LocalDemoMetrics(List<CpuBoundBackend> backends, Duration interval) {
    backends.forEach(b -> meters.add(new BackendUsageMeter(b)));
    this.interval = interval;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-metrics");
              t.setDaemon(true);
              return t;
            });
    long period = interval.toNanos();
    scheduler.scheduleAtFixedRate(this::sample, 0, period, TimeUnit.NANOSECONDS);
  }

  /** Takes one reading of every backend now and publishes them together. */
  public void sample() {
    long nanos = System.nanoTime();
    long millis = System.currentTimeMillis();
    Map<String, HostMetrics> next = new LinkedHashMap<>();
    for (BackendUsageMeter m : meters) {
      next.put(m.backend().id(), m.read(nanos, millis));
    }
    source.putAll(next);
  }

  @Override
  public MetricsSource source() {
    return source;
  }

  @Override
  public String describe() {
    return "in memory, every " + interval.toMillis() / 1000.0 + " s";
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
