package io.github.fulcrumlb.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticClusterTest {

  @Test
  void everyBackendHasRequestsInFlightLatencyAndAHostSample() {
    ClusterSnapshot snapshot = SyntheticCluster.of(256).snapshot();

    assertThat(snapshot.size()).isEqualTo(256);
    for (int i = 0; i < snapshot.size(); i++) {
      Endpoint e = snapshot.endpoint(i);
      assertThat(e.load().inFlight()).isEqualTo(SyntheticCluster.inFlight(i)).isBetween(1, 12);
      assertThat(e.load().completed()).isEqualTo(3);
      assertThat(e.load().latencyEwmaNanos()).isBetween(1e6, 50e6);
      assertThat(snapshot.metrics(i).hasHostSample()).isTrue();
      assertThat(snapshot.metrics(i).inFlight()).isEqualTo(e.load().inFlight());
    }
  }

  @Test
  void weightsVaryAndHostsAreDistinct() {
    ClusterSnapshot snapshot = SyntheticCluster.of(256).snapshot();

    Set<Double> weights = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (Endpoint e : snapshot.endpoints()) {
      weights.add(e.weight());
      addresses.add(e.backend().host() + ":" + e.backend().port());
    }
    assertThat(weights).hasSizeGreaterThan(3);
    assertThat(addresses).hasSize(256);
  }

  @Test
  void backendKeepsItsLoadWhateverTheClusterSize() {
    ClusterSnapshot small = SyntheticCluster.of(3).snapshot();
    ClusterSnapshot large = SyntheticCluster.of(16).snapshot();

    for (int i = 0; i < small.size(); i++) {
      assertThat(large.endpoint(i).weight()).isEqualTo(small.endpoint(i).weight());
      assertThat(large.endpoint(i).load().inFlight())
          .isEqualTo(small.endpoint(i).load().inFlight());
    }
  }
}
