package io.github.fulcrumlb.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadBalancerMembershipTest {
  private static final Backend A = Backend.of("a", "10.0.0.1", 80);
  private static final Backend B = Backend.of("b", "10.0.0.2", 80);
  private static final Backend C = Backend.of("c", "10.0.0.3", 80);

  private final RecordingStrategy strategy = new RecordingStrategy();
  private final LoadBalancer lb =
      LoadBalancer.builder()
          .backends(List.of(A, B))
          .strategy(strategy)
          .time(new ManualTimeSource())
          .manualRefresh()
          .build();

  @AfterEach
  void closeBalancer() {
    lb.close();
  }

  private Endpoint endpointOf(String id) {
    return strategy.last().endpoint(strategy.last().indexOf(id));
  }

  @Test
  void theStrategyGetsEveryMemberAtOnce() {
    assertThat(strategy.last().endpoints()).extracting(Endpoint::id).containsExactly("a", "b");
    assertThat(lb.addBackend(C)).isTrue();
    assertThat(strategy.last().endpoints()).extracting(Endpoint::id).containsExactly("a", "b", "c");
    assertThat(lb.removeBackend("a")).isTrue();
    assertThat(strategy.last().endpoints()).extracting(Endpoint::id).containsExactly("b", "c");
    assertThat(lb.backends()).containsExactly(B, C);
  }

  @Test
  void setBackendsKeepsTheCountersOfBackendsThatStay() {
    Endpoint b = lb.pick(1);
    lb.report(b, 3_000_000, true);
    Endpoint bInFlight = lb.pick(1);

    lb.setBackends(List.of(C, B.withWeight(5)));

    assertThat(lb.backends()).containsExactly(C, B.withWeight(5));
    Endpoint newB = endpointOf("b");
    assertThat(newB.load()).isSameAs(b.load());
    assertThat(newB.weight()).isEqualTo(5.0);
    assertThat(newB.backend().weight()).isEqualTo(5);
    BackendStats stats = lb.stats().backend("b").orElseThrow();
    assertThat(stats.completed()).isEqualTo(1);
    assertThat(stats.inFlight()).isEqualTo(1);
    assertThat(lb.stats().backend("a")).isEmpty();
    lb.cancel(bInFlight);
  }

  @Test
  void addingAKnownIdReplacesItsValueAndKeepsItsCounters() {
    Endpoint a = lb.pick(0);
    lb.report(a, 1_000, true);
    Backend moved = Backend.of("a", "10.0.0.99", 81);
    assertThat(lb.addBackend(moved)).isFalse();
    assertThat(lb.backends()).containsExactly(moved, B);
    assertThat(endpointOf("a").load()).isSameAs(a.load());
    assertThat(endpointOf("a").backend()).isEqualTo(moved);
  }

  @Test
  void aRequestInFlightToARemovedBackendStillEndsOnItsCounters() {
    Endpoint a = lb.pick(0);
    assertThat(a.id()).isEqualTo("a");
    lb.removeBackend("a");
    lb.report(a, 1_000, false);
    assertThat(a.load().inFlight()).isZero();
    assertThat(a.load().failed()).isEqualTo(1);

    lb.addBackend(A);
    assertThat(endpointOf("a").load()).as("a returning member starts afresh").isNotSameAs(a.load());
    assertThat(lb.stats().backend("a").orElseThrow().completed()).isZero();
  }

  @Test
  void removingAnUnknownIdChangesNothing() {
    int updates = strategy.updates().size();
    assertThat(lb.removeBackend("zzz")).isFalse();
    assertThat(strategy.updates()).hasSize(updates);
  }

  @Test
  void anUpdateThatChangesNothingIsNotHandedToTheStrategy() {
    int updates = strategy.updates().size();
    lb.setBackends(List.of(A, B));
    lb.addBackend(B);
    lb.refresh();
    assertThat(strategy.updates()).hasSize(updates);
  }

  @Test
  void setBackendsRejectsDuplicateIdsAndKeepsTheMembership() {
    assertThatThrownBy(() -> lb.setBackends(List.of(C, Backend.of("c", "h", 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backends must have unique ids but \"c\" appears more than once");
    assertThat(lb.backends()).containsExactly(A, B);
  }
}
