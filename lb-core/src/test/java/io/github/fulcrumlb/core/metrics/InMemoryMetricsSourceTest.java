package io.github.fulcrumlb.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.api.MetricsSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryMetricsSourceTest {
  private static final HostMetrics M1 = new HostMetrics(0.1, 0.2, 100, 200, 1_000);
  private static final HostMetrics M2 = new HostMetrics(0.9, 0.8, 300, 400, 2_000);

  private final InMemoryMetricsSource source = new InMemoryMetricsSource();

  @Test
  void latestIsAnImmutableSnapshotThatLaterChangesLeaveAlone() {
    source.put("a", M1);
    Map<String, HostMetrics> before = source.latest();
    source.put("a", M2);
    source.put("b", M1);

    assertThat(before).containsExactly(Map.entry("a", M1));
    assertThat(source.latest()).isEqualTo(Map.of("a", M2, "b", M1));
    assertThatThrownBy(() -> source.latest().put("c", M1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void listenersRunAfterEachChangeAndSeeIt() {
    List<Map<String, HostMetrics>> seen = new ArrayList<>();
    source.subscribe(() -> seen.add(source.latest()));
    source.put("a", M1);
    source.putAll(Map.of("b", M2, "c", M2));
    assertThat(source.remove("a")).isTrue();

    assertThat(seen)
        .containsExactly(
            Map.of("a", M1), Map.of("a", M1, "b", M2, "c", M2), Map.of("b", M2, "c", M2));
  }

  @Test
  void changesThatChangeNothingNotifyNoOne() {
    AtomicInteger calls = new AtomicInteger();
    source.put("a", M1);
    source.subscribe(calls::incrementAndGet);
    source.put("a", M1);
    assertThat(source.remove("absent")).isFalse();
    assertThat(calls).hasValue(0);
  }

  @Test
  void closingASubscriptionRemovesOnlyThatRegistration() {
    AtomicInteger calls = new AtomicInteger();
    Runnable listener = calls::incrementAndGet;
    MetricsSource.Subscription first = source.subscribe(listener);
    source.subscribe(listener);
    first.close();
    first.close(); // idempotent
    source.put("a", M1);
    assertThat(calls).as("the second registration of the same listener remains").hasValue(1);
  }

  @Test
  void aThrowingListenerDoesNotKeepOthersFromRunning() {
    AtomicInteger calls = new AtomicInteger();
    source.subscribe(
        () -> {
          throw new IllegalStateException("boom");
        });
    source.subscribe(calls::incrementAndGet);
    source.put("a", M1);
    assertThat(calls).hasValue(1);
    assertThat(source.latest()).containsKey("a");
  }

  @Test
  void rejectsBlankIdsAndNullSamples() {
    assertThatThrownBy(() -> source.put(" ", M1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("InMemoryMetricsSource backendId must not be blank but was \" \"");
    assertThatThrownBy(() -> source.put("a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("InMemoryMetricsSource sample must not be null");
    assertThat(source.latest()).isEmpty();
  }
}
