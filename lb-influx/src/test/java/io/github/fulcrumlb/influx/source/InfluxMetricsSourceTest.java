package io.github.fulcrumlb.influx.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import io.github.fulcrumlb.influx.query.HostReader;
import io.github.fulcrumlb.influx.query.HostReading;
import io.github.fulcrumlb.influx.query.Reading;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Staleness, merging and failure handling with a stub reader and a fake clock. */
class InfluxMetricsSourceTest {
  private final ManualTimeSource clock = new ManualTimeSource();
  private final long t0 = clock.currentTimeMillis();
  private final AtomicReference<Object> next = new AtomicReference<>(); // Map or Exception

  @SuppressWarnings("unchecked")
  private final HostReader reader =
      hosts -> {
        Object o = next.get();
        if (o instanceof Exception e) {
          throw e;
        }
        return (Map<String, HostReading>) o;
      };

  private InfluxMetricsSource source(Backend... backends) {
    return InfluxMetricsSource.builder(reader)
        .backends(List.of(backends))
        .time(clock)
        .staleAfter(Duration.ofSeconds(30))
        .manualRefresh()
        .build();
  }

  private static HostReading reading(String host, double cpu, long t) {
    return new HostReading(
        host, new Reading(cpu, t), new Reading(0.5, t), new Reading(100, t), new Reading(200, t));
  }

  @Test
  void keepsLastValuesAndReportsThemStaleWhileTheReaderFails() {
    try (InfluxMetricsSource s = source(Backend.of("a", "h", 1))) {
      next.set(Map.of("a", reading("a", 0.3, t0)));
      assertThat(s.refresh()).isTrue();
      HostMetrics first = s.latest().get("a");

      next.set(new IOException("connection refused"));
      clock.advance(Duration.ofSeconds(20));
      assertThat(s.refresh()).isFalse();
      assertThat(s.latest()).containsEntry("a", first);
      assertThat(s.staleBackends()).isEmpty();

      clock.advance(Duration.ofSeconds(11));
      assertThat(s.refresh()).isFalse();
      assertThat(s.staleBackends()).containsExactly("a");
      assertThat(s.status().consecutiveFailures()).isEqualTo(2);
      assertThat(s.status().lastError()).contains("IOException: connection refused");
      assertThat(s.status().lastSuccessMillis()).isEqualTo(t0);

      next.set(Map.of("a", reading("a", 0.4, clock.currentTimeMillis())));
      assertThat(s.refresh()).isTrue();
      assertThat(s.staleBackends()).isEmpty();
      assertThat(s.status().healthy()).isTrue();
    }
  }

  @Test
  void sampleTimeIsTheOldestSignalAndMissingSignalsCountAsZero() {
    try (InfluxMetricsSource s = source(Backend.of("a", "h", 1))) {
      next.set(
          Map.of(
              "a",
              new HostReading(
                  "a", new Reading(0.2, t0), new Reading(0.6, t0 - 7_000), null, null)));
      s.refresh();
      assertThat(s.latest().get("a")).isEqualTo(new HostMetrics(0.2, 0.6, 0, 0, t0 - 7_000));
    }
  }

  @Test
  void aHostThatStopsReportingOneSignalKeepsItsOldValueAndAges() {
    try (InfluxMetricsSource s = source(Backend.of("a", "h", 1))) {
      next.set(Map.of("a", reading("a", 0.2, t0)));
      s.refresh();
      clock.advance(Duration.ofSeconds(40));
      long t1 = clock.currentTimeMillis();
      next.set(Map.of("a", new HostReading("a", new Reading(0.9, t1), null, null, null)));
      s.refresh();
      HostMetrics m = s.latest().get("a");
      assertThat(m.cpu()).isEqualTo(0.9);
      assertThat(m.memory()).isEqualTo(0.5);
      assertThat(m.sampledAtMillis()).isEqualTo(t0); // memory and network are 40 s old
      assertThat(s.staleBackends()).containsExactly("a");
    }
  }

  @Test
  void anOlderReadingNeverReplacesANewerOne() {
    try (InfluxMetricsSource s = source(Backend.of("a", "h", 1))) {
      next.set(Map.of("a", reading("a", 0.2, t0)));
      s.refresh();
      next.set(Map.of("a", reading("a", 0.7, t0 - 1)));
      s.refresh();
      assertThat(s.latest().get("a").cpu()).isEqualTo(0.2);
    }
  }

  @Test
  void listenersRunOnlyAfterARefreshThatChangedSomething() {
    AtomicInteger calls = new AtomicInteger();
    try (InfluxMetricsSource s = source(Backend.of("a", "h", 1))) {
      MetricsSubscriptionCheck.subscribe(s, calls);
      next.set(Map.of("a", reading("a", 0.2, t0)));
      s.refresh();
      s.refresh();
      next.set(new IllegalStateException("garbage"));
      s.refresh();
      assertThat(calls).hasValue(1);
      next.set(Map.of("a", reading("a", 0.3, t0 + 1)));
      s.refresh();
      assertThat(calls).hasValue(2);
    }
  }

  @Test
  void backendsSharingAHostShareItsMetricsAndRemovedBackendsDisappear() {
    Backend a = Backend.of("a", "host-1", 1);
    Backend b = Backend.of("b", "host-1", 2);
    AtomicReference<Set<String>> asked = new AtomicReference<>();
    try (InfluxMetricsSource s =
        InfluxMetricsSource.builder(
                hosts -> {
                  asked.set(Set.copyOf(hosts));
                  return Map.of("host-1", reading("host-1", 0.1, t0));
                })
            .backends(List.of(a, b))
            .hostTags(HostTagMapping.BACKEND_HOST)
            .time(clock)
            .manualRefresh()
            .build()) {
      s.refresh();
      assertThat(asked.get()).containsExactly("host-1");
      assertThat(s.latest()).containsOnlyKeys("a", "b");
      s.setBackends(List.of(b));
      assertThat(s.latest()).containsOnlyKeys("b");
    }
  }

  @Test
  void aReaderReturningNullIsAFailureNotAnException() {
    try (InfluxMetricsSource s = source(Backend.of("a", "h", 1))) {
      next.set(null);
      assertThat(s.refresh()).isFalse();
      assertThat(s.status().failures()).isEqualTo(1);
    }
  }

  @Test
  void membershipChangesDoNotWaitForARefreshInFlight() throws Exception {
    java.util.concurrent.CountDownLatch inRead = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (InfluxMetricsSource s =
        InfluxMetricsSource.builder(
                hosts -> {
                  inRead.countDown();
                  release.await(5, java.util.concurrent.TimeUnit.SECONDS);
                  return Map.of("a", reading("a", 0.1, t0), "b", reading("b", 0.2, t0));
                })
            .backends(List.of(Backend.of("a", "h", 1), Backend.of("b", "h", 1)))
            .time(clock)
            .manualRefresh()
            .build()) {
      Thread refresher = new Thread(s::refresh);
      refresher.start();
      assertThat(inRead.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();
      s.setBackends(List.of(Backend.of("a", "h", 1)));
      assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
      release.countDown();
      refresher.join(5_000);
      assertThat(s.latest()).containsOnlyKeys("a"); // b left while its reading was in flight
    } finally {
      release.countDown();
    }
  }

  /** Subscribes a counter. */
  private static final class MetricsSubscriptionCheck {
    static void subscribe(InfluxMetricsSource s, AtomicInteger calls) {
      s.subscribe(calls::incrementAndGet);
    }
  }
}
