package io.github.fulcrumlb.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.NoBackendAvailableException;
import io.github.fulcrumlb.core.health.OutlierDetection;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutlierEjectionTest {
  private static final List<Backend> FOUR =
      List.of(
          Backend.of("a", "10.0.0.1", 80),
          Backend.of("b", "10.0.0.2", 80),
          Backend.of("c", "10.0.0.3", 80),
          Backend.of("d", "10.0.0.4", 80));

  private final ManualTimeSource time = new ManualTimeSource();
  private final RecordingStrategy strategy = new RecordingStrategy();
  private LoadBalancer lb;

  private LoadBalancer balancer(UnaryOperator<OutlierDetection.Builder> config) {
    lb =
        LoadBalancer.builder()
            .backends(FOUR)
            .strategy(strategy)
            .time(time)
            .outlierDetection(config.apply(OutlierDetection.builder()).build())
            .manualRefresh()
            .build();
    return lb;
  }

  @AfterEach
  void closeBalancer() {
    lb.close();
  }

  /** Sends {@code n} requests to backend {@code id} through the balancer. */
  private void send(String id, int n, boolean success) {
    for (int i = 0; i < n; i++) {
      Endpoint e = lb.pick(strategy.last().indexOf(id));
      assertThat(e.id()).isEqualTo(id);
      lb.report(e, 1_000_000, success);
    }
  }

  private List<String> ready() {
    return strategy.last().endpoints().stream().map(Endpoint::id).toList();
  }

  private BackendStats stats(String id) {
    return lb.stats().backend(id).orElseThrow();
  }

  @Test
  void fiveFailuresInARowEjectABackendSoItIsNoLongerPicked() {
    balancer(b -> b);
    send("a", 5, false);
    assertThat(ready())
        .as("applied by the control plane, not on the reporting thread")
        .contains("a");

    lb.refresh();

    assertThat(ready()).containsExactly("b", "c", "d");
    for (long key = 0; key < 100; key++) {
      Endpoint e = lb.pick(key);
      assertThat(e.id()).isNotEqualTo("a");
      lb.cancel(e);
    }
    assertThat(stats("a").healthy()).isFalse();
    assertThat(stats("a").ready()).isFalse();
    assertThat(stats("a").ejectionCount()).isEqualTo(1);
    assertThat(stats("a").ejectionRemaining()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    balancer(b -> b);
    send("a", 4, false);
    send("a", 1, true);
    send("a", 4, false);
    lb.refresh();
    assertThat(ready()).contains("a");
    send("a", 1, false);
    lb.refresh();
    assertThat(ready()).doesNotContain("a");
  }

  @Test
  void anEjectionEndsAfterTheBaseEjectionTime() {
    balancer(b -> b);
    send("a", 5, false);
    lb.refresh();
    time.advance(Duration.ofSeconds(30).minusNanos(1));
    lb.refresh();
    assertThat(ready()).doesNotContain("a");
    assertThat(stats("a").ejectionRemaining()).isEqualTo(Duration.ofNanos(1));

    time.advanceNanos(1);
    lb.refresh();
    assertThat(ready()).containsExactly("a", "b", "c", "d");
    assertThat(stats("a").healthy()).isTrue();
  }

  @Test
  void eachFurtherEjectionLastsTwiceAsLongUpToTheMaximum() {
    balancer(b -> b.maxEjectionTime(Duration.ofSeconds(100)));
    Duration[] expected = {
      Duration.ofSeconds(30),
      Duration.ofSeconds(60),
      Duration.ofSeconds(100),
      Duration.ofSeconds(100)
    };
    for (Duration ejection : expected) {
      send("a", 5, false);
      lb.refresh();
      assertThat(stats("a").ejectionRemaining()).isEqualTo(ejection);
      time.advance(ejection);
      lb.refresh();
      assertThat(ready()).contains("a");
    }
    assertThat(stats("a").ejectionCount()).isEqualTo(4);
  }

  @Test
  void atMostMaxEjectionPercentOfBackendsAreEjected() {
    balancer(b -> b); // 10 % of 4 backends: one at a time
    send("a", 5, false);
    send("b", 5, false);
    lb.refresh();
    assertThat(ready()).hasSize(3);
    assertThat(lb.stats().healthyCount()).isEqualTo(3);
  }

  @Test
  void belowThePanicThresholdAllBackendsAreUsedAgain() {
    balancer(b -> b.maxEjectionPercent(100));
    send("a", 5, false);
    send("b", 5, false);
    lb.refresh();
    assertThat(ready()).as("2 of 4 healthy is not below 50 %").containsExactly("c", "d");
    assertThat(lb.stats().panicMode()).isFalse();

    send("c", 5, false);
    lb.refresh();

    assertThat(lb.stats().panicMode()).isTrue();
    assertThat(lb.stats().healthyCount()).isEqualTo(1);
    assertThat(ready()).containsExactly("a", "b", "c", "d");
    assertThat(stats("a").ready()).isTrue();
    assertThat(stats("a").healthy()).isFalse();

    time.advance(Duration.ofSeconds(30));
    lb.refresh();
    assertThat(lb.stats().panicMode()).isFalse();
    assertThat(lb.stats().healthyCount()).isEqualTo(4);
  }

  @Test
  void withPanicOffAFullyEjectedClusterHasNoBackendAvailable() {
    balancer(b -> b.maxEjectionPercent(100).panicThresholdPercent(0));
    for (String id : List.of("a", "b", "c", "d")) {
      send(id, 5, false);
    }
    lb.refresh();
    assertThat(strategy.last()).isEqualTo(ClusterSnapshot.EMPTY);
    assertThatThrownBy(() -> lb.pick())
        .isExactlyInstanceOf(NoBackendAvailableException.class)
        .hasMessageContaining("all 4 backends are ejected");
  }

  @Test
  void disabledOutlierDetectionNeverEjects() {
    lb =
        LoadBalancer.builder()
            .backends(FOUR)
            .strategy(strategy)
            .time(time)
            .outlierDetection(OutlierDetection.disabled())
            .manualRefresh()
            .build();
    send("a", 50, false);
    lb.refresh();
    assertThat(ready()).contains("a");
  }

  @Test
  void withABackgroundSchedulerTheEjectionNeedsNoRefreshCall() throws Exception {
    lb =
        LoadBalancer.builder()
            .backends(FOUR)
            .strategy(strategy)
            .time(time)
            .refreshInterval(Duration.ofHours(1)) // the periodic refresh will not be the one
            .build();
    send("a", 5, false);
    strategy.awaitUpdate(s -> s.indexOf("a") < 0, Duration.ofSeconds(10));
    assertThat(stats("a").healthy()).isFalse();
  }
}
