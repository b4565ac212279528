package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSnapshotTest {

  private final Endpoint a = Endpoint.of(Backend.of("a", "10.0.0.1", 80));
  private final Endpoint b = Endpoint.of(Backend.of("b", "10.0.0.2", 80));
  private final BackendMetrics busy = new BackendMetrics(0.9, 0.5, 0, 0, 100, 3, 12.0, 0.0);

  @Test
  void keepsEndpointsAndMetricsAlignedByIndex() {
    ClusterSnapshot s = ClusterSnapshot.of(List.of(a, b), List.of(BackendMetrics.UNKNOWN, busy));

    assertThat(s.size()).isEqualTo(2);
    assertThat(s.endpoint(1)).isSameAs(b);
    assertThat(s.metrics(1)).isEqualTo(busy);
    assertThat(s.indexOf("b")).isEqualTo(1);
    assertThat(s.indexOf("zzz")).isEqualTo(-1);
  }

  @Test
  void withoutMetricsEveryBackendIsUnknown() {
    ClusterSnapshot s = ClusterSnapshot.of(List.of(a, b));

    assertThat(s.metrics()).containsExactly(BackendMetrics.UNKNOWN, BackendMetrics.UNKNOWN);
  }

  @Test
  void emptyHasNoBackend() {
    assertThat(ClusterSnapshot.EMPTY.isEmpty()).isTrue();
    assertThat(ClusterSnapshot.of(List.of())).isEqualTo(ClusterSnapshot.EMPTY);
  }

  @Test
  void rejectsDuplicateIdsNamingTheIdAndBothIndexes() {
    Endpoint otherA = Endpoint.of(Backend.of("a", "10.0.0.9", 81));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClusterSnapshot.of(List.of(a, b, otherA)))
        .withMessageContaining("ClusterSnapshot.endpoints")
        .withMessageContaining("\"a\"")
        .withMessageContaining("index 0 and 2");
  }

  @Test
  void rejectsListsOfDifferentSizesNamingBothSizes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClusterSnapshot.of(List.of(a, b), List.of(busy)))
        .withMessageContaining("ClusterSnapshot.metrics")
        .withMessageContaining("2 endpoints but 1 metrics");
  }

  @Test
  void rejectsNullEndpointNamingItsIndex() {
    List<Endpoint> endpoints = Arrays.asList(a, null);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClusterSnapshot.of(endpoints))
        .withMessageContaining("ClusterSnapshot.endpoints[1]");
  }

  @Test
  void rejectsNullMetricsNamingItsIndex() {
    List<BackendMetrics> metrics = Arrays.asList(null, busy);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClusterSnapshot.of(List.of(a, b), metrics))
        .withMessageContaining("ClusterSnapshot.metrics[0]");
  }

  @Test
  void rejectsNullLists() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClusterSnapshot.of(null))
        .withMessageContaining("ClusterSnapshot.endpoints");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClusterSnapshot.of(List.of(a), null))
        .withMessageContaining("ClusterSnapshot.metrics");
  }

  @Test
  void isACopyThatLaterChangesToTheInputDoNotAffect() {
    List<Endpoint> endpoints = new ArrayList<>(List.of(a));
    ClusterSnapshot s = ClusterSnapshot.of(endpoints);
    endpoints.add(b);

    assertThat(s.endpoints()).containsExactly(a);
    assertThat(s.endpoints()).isUnmodifiable();
    assertThat(s.metrics()).isUnmodifiable();
  }

  @Test
  void equalWhenEndpointsAndMetricsAreEqual() {
    ClusterSnapshot s1 = ClusterSnapshot.of(List.of(a, b), List.of(busy, busy));
    ClusterSnapshot s2 = ClusterSnapshot.of(List.of(a, b), List.of(busy, busy));

    assertThat(s1).isEqualTo(s2).hasSameHashCodeAs(s2);
    assertThat(s1).isNotEqualTo(ClusterSnapshot.of(List.of(b, a), List.of(busy, busy)));
    assertThat(s1.toString()).isEqualTo("ClusterSnapshot[a, b]");
  }
}
