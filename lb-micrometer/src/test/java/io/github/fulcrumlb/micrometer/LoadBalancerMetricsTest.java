package io.github.fulcrumlb.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.core.BackendStats;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.core.health.OutlierDetection;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoadBalancerMetricsTest {
  private static final Backend A = Backend.of("a", "10.0.0.1", 80);
  private static final Backend B = Backend.of("b", "10.0.0.2", 80);

  private final ManualTimeSource time = new ManualTimeSource();

  private LoadBalancer balancer(List<Backend> backends) {
    return LoadBalancer.builder()
        .backends(backends)
        .strategy("round-robin")
        .time(time)
        .random(new SeededRandomSource(7))
        .outlierDetection(
            OutlierDetection.builder()
                .consecutiveFailures(2)
                .baseEjectionTime(Duration.ofSeconds(30))
                .maxEjectionPercent(100)
                .panicThresholdPercent(0)
                .build())
        .manualRefresh()
        .build();
  }

  @Test
  void perBackendMetersShowTheBalancersOwnCounters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (LoadBalancer lb = balancer(List.of(A, B))) {
      metrics(lb).bindTo(registry);
      for (int i = 0; i < 10; i++) {
        Endpoint e = lb.pick();
        lb.report(e, TimeUnit.MILLISECONDS.toNanos(5 + i), !(e.id().equals("b") && i % 4 == 1));
      }
      lb.cancel(lb.pick());
      Endpoint inFlight = lb.pick();
      awaitFreshSnapshot();

      for (String id : List.of("a", "b")) {
        BackendStats s = lb.stats().backend(id).orElseThrow();
        assertThat(counter(registry, "fulcrum.lb.requests", id, "success"))
            .isEqualTo((double) (s.completed() - s.failed()));
        assertThat(counter(registry, "fulcrum.lb.requests", id, "failure"))
            .isEqualTo((double) s.failed());
        assertThat(registry.get("fulcrum.lb.requests.active").tag("backend", id).gauge().value())
            .isEqualTo(s.inFlight());
        Timer latency = registry.get("fulcrum.lb.request.latency").tag("backend", id).timer();
        assertThat(latency.count()).isEqualTo(s.completed());
        assertThat(registry.get("fulcrum.lb.latency.ewma").tag("backend", id).gauge().value())
            .isCloseTo(s.latencyEwmaMillis() / 1e3, org.assertj.core.data.Offset.offset(1e-12));
      }
      double picks =
          registry.get("fulcrum.lb.picks").tag("backend", "a").functionCounter().count()
              + registry.get("fulcrum.lb.picks").tag("backend", "b").functionCounter().count();
      assertThat(picks).isEqualTo(12); // 10 reported + 1 cancelled + 1 in flight
      assertThat(
              registry
                  .get("fulcrum.lb.request.latency")
                  .tag("backend", "a")
                  .timer()
                  .max(TimeUnit.MILLISECONDS))
          .isEqualTo(13); // i = 8 went to a: 5 + 8 ms
      lb.report(inFlight, 1, true);
    }
  }

  @Test
  void readyCountAndEjectionsFollowHealth() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (LoadBalancer lb = balancer(List.of(A, B))) {
      metrics(lb).bindTo(registry);
      Gauge ready = registry.get("fulcrum.lb.backends.ready").gauge();
      assertThat(ready.value()).isEqualTo(2);
      for (int i = 0; i < 4; i++) {
        Endpoint e = lb.pick();
        lb.report(e, 1_000, !e.id().equals("a"));
      }
      lb.refresh();
      assertThat(lb.stats().backend("a").orElseThrow().ejectionCount()).isEqualTo(1);
      awaitFreshSnapshot();
      assertThat(ready.value()).isEqualTo(1);
      assertThat(registry.get("fulcrum.lb.ejections").tag("backend", "a").functionCounter().count())
          .isEqualTo(1);
      assertThat(registry.get("fulcrum.lb.backend.ready").tag("backend", "a").gauge().value())
          .isZero();
    }
  }

  @Test
  void backendsThatJoinGetMetersAndBackendsThatLeaveLoseThem() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (LoadBalancer lb = balancer(List.of(A))) {
      metrics(lb).bindTo(registry);
      lb.setBackends(List.of(B));
      awaitFreshSnapshot();
      registry.get("fulcrum.lb.backends.ready").gauge().value(); // a scrape
      assertThat(registry.find("fulcrum.lb.requests.active").tag("backend", "b").gauge())
          .isNotNull();
      assertThat(registry.find("fulcrum.lb.requests.active").tag("backend", "a").gauge()).isNull();
    }
  }

  @Test
  void prometheusScrapeUsesBaseUnitsAndTheBackendTag() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (LoadBalancer lb = balancer(List.of(A))) {
      metrics(lb).bindTo(registry);
      lb.report(lb.pick(), TimeUnit.MILLISECONDS.toNanos(3), true);
      awaitFreshSnapshot();
      String text = registry.scrape();
      assertThat(text)
          .contains("fulcrum_lb_requests_total{backend=\"a\",outcome=\"success\"} 1.0")
          .contains("fulcrum_lb_request_latency_seconds_count{backend=\"a\"} 1")
          .contains("fulcrum_lb_request_latency_seconds_bucket{backend=\"a\",le=")
          .contains("fulcrum_lb_backends_ready 1.0");
    }
  }

  @Test
  void withoutTheLatencyTimerNothingListensToReports() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (LoadBalancer lb = balancer(List.of(A))) {
      new LoadBalancerMetrics(lb, io.micrometer.core.instrument.Tags.empty(), false, time::nanoTime)
          .bindTo(registry);
      lb.report(lb.pick(), 1_000, true);
      awaitFreshSnapshot();
      assertThat(registry.find("fulcrum.lb.request.latency").timer()).isNull();
      assertThat(counter(registry, "fulcrum.lb.requests", "a", "success")).isEqualTo(1);
    }
  }

  @Test
  void closeRemovesTheMetersAndTheListener() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (LoadBalancer lb = balancer(List.of(A))) {
      LoadBalancerMetrics metrics = metrics(lb);
      metrics.bindTo(registry);
      metrics.close();
      lb.report(lb.pick(), 1_000, true);
      assertThat(registry.getMeters()).isEmpty();
    }
  }

  @Test
  void metersDoNotKeepAClosedBalancerAlive() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WeakReference<LoadBalancer> ref = bindAndForget(registry);
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
    }
    assertThat(ref.get()).isNull();
    assertThat(registry.get("fulcrum.lb.backends.ready").gauge().value()).isNaN();
  }

  private WeakReference<LoadBalancer> bindAndForget(SimpleMeterRegistry registry) {
    LoadBalancer lb = balancer(List.of(A, B));
    metrics(lb).bindTo(registry);
    lb.report(lb.pick(), 1_000, true);
    lb.close();
    return new WeakReference<>(lb);
  }

  private static double counter(
      SimpleMeterRegistry registry, String name, String backend, String outcome) {
    FunctionCounter c =
        registry.get(name).tag("backend", backend).tag("outcome", outcome).functionCounter();
    return c.count();
  }

  private LoadBalancerMetrics metrics(LoadBalancer lb) {
    return new LoadBalancerMetrics(
        lb, io.micrometer.core.instrument.Tags.empty(), true, time::nanoTime);
  }

  private void awaitFreshSnapshot() {
    time.advance(Duration.ofMillis(LoadBalancerMetrics.SNAPSHOT_MAX_AGE_MILLIS));
  }
}
