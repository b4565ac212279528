package io.github.fulcrumlb.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.NoBackendAvailableException;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyProvider;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every plain strategy promises: discovery by name, option checks, empty and single clusters.
 */
class StrategyCatalogTest {

  private final ManualTimeSource time = new ManualTimeSource();

  @Test
  void everyPlainStrategyIsRegisteredUnderItsName() {
    assertThat(Strategies.providers())
        .extracting(StrategyProvider::name)
        .contains(
            "round-robin",
            "random",
            "weighted-round-robin",
            "least-load",
            "least-request",
            "p2c",
            "peak-ewma",
            "consistent-hash");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "round-robin",
        "random",
        "weighted-round-robin",
        "least-load",
        "least-request",
        "p2c",
        "peak-ewma",
        "consistent-hash"
      })
  void createsByNameWithDefaultsAndDescribesItself(String name) {
    StrategyProvider provider = Strategies.provider(name);
    assertThat(provider.description()).isNotBlank().doesNotContain("\n");
    assertThat(provider.getClass().getPackageName()).isEqualTo("io.github.fulcrumlb.core.strategy");

    Strategy strategy = Strategies.create(name);
    assertThat(strategy.name()).isEqualTo(name);
    strategy.update(ClusterSnapshot.of(TestClusters.equal(time, 3)));
    assertThat(strategy.pick(42L)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "round-robin",
        "random",
        "weighted-round-robin",
        "least-load",
        "least-request",
        "p2c",
        "peak-ewma",
        "consistent-hash"
      })
  void rejectsUnknownOptionNamingIt(String name) {
    assertThatThrownBy(
            () -> Strategies.create(name, TestClusters.context(1, time, "colour", "red")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("colour")
        .hasMessageContaining(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "round-robin",
        "random",
        "weighted-round-robin",
        "least-load",
        "least-request",
        "p2c",
        "peak-ewma",
        "consistent-hash"
      })
  void pickBeforeAnyUpdateFailsNamingTheStrategy(String name) {
    Strategy strategy = Strategies.create(name, TestClusters.context(1, time));
    assertThatThrownBy(() -> strategy.pick(7L))
        .isInstanceOf(NoBackendAvailableException.class)
        .hasMessageContaining(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "round-robin",
        "random",
        "weighted-round-robin",
        "least-load",
        "least-request",
        "p2c",
        "peak-ewma",
        "consistent-hash"
      })
  void pickAfterUpdateToEmptyClusterFailsNamingTheStrategy(String name) {
    Strategy strategy = Strategies.create(name, TestClusters.context(1, time));
    strategy.update(ClusterSnapshot.of(TestClusters.equal(time, 2)));
    strategy.update(ClusterSnapshot.EMPTY);
    assertThatThrownBy(() -> strategy.pick(7L))
        .isInstanceOf(NoBackendAvailableException.class)
        .hasMessageContaining(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "round-robin",
        "random",
        "weighted-round-robin",
        "least-load",
        "least-request",
        "p2c",
        "peak-ewma",
        "consistent-hash"
      })
  void tryPickOverAnEmptyClusterAnswersNullBeforeAndAfterBackends(String name) {
    Strategy strategy = Strategies.create(name, TestClusters.context(1, time));
    assertThat(strategy.tryPick(7L)).isNull();
    strategy.update(ClusterSnapshot.of(TestClusters.equal(time, 2)));
    assertThat(strategy.tryPick(7L)).isNotNull();
    strategy.update(ClusterSnapshot.EMPTY);
    assertThat(strategy.tryPick(7L)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "round-robin",
        "random",
        "weighted-round-robin",
        "least-load",
        "p2c",
        "peak-ewma",
        "consistent-hash"
      })
  void singleBackendIsAlwaysPicked(String name) {
    Strategy strategy = Strategies.create(name, TestClusters.context(3, time));
    Endpoint only = TestClusters.endpoint("only", 0.25, time);
    strategy.update(ClusterSnapshot.of(List.of(only)));
    for (long key = 0; key < 1_000; key++) {
      Endpoint picked = strategy.pick(key * 0x9E3779B97F4A7C15L);
      assertThat(picked).isSameAs(only);
      picked.load().requestStarted(); // load must not make it look unavailable
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "round-robin",
        "random",
        "weighted-round-robin",
        "least-load",
        "least-request",
        "p2c",
        "peak-ewma",
        "consistent-hash"
      })
  void picksOnlyMembersOfTheLatestSnapshot(String name) {
    Strategy strategy = Strategies.create(name, TestClusters.context(5, time));
    List<Endpoint> first = TestClusters.equal(time, 4);
    strategy.update(ClusterSnapshot.of(first));
    List<Endpoint> second = List.of(first.get(1), TestClusters.endpoint("new", 2, time));
    strategy.update(ClusterSnapshot.of(second));
    for (long key = 0; key < 1_000; key++) {
      assertThat(second).contains(strategy.pick(key));
    }
  }
}
