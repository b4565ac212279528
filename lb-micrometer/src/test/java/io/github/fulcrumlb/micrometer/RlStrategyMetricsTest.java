package io.github.fulcrumlb.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RlStrategyMetricsTest {

  private static double fallback(SimpleMeterRegistry registry, String reason) {
    return registry.get("fulcrum.rl.fallback").tag("reason", reason).gauge().value();
  }

  @Test
  void fallbackGaugeNamesTheReasonAndCountersFollowUpdates() {
    RlStrategy rl = new RlStrategy(null, StrategyContext.DEFAULT, null);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new RlStrategyMetrics(rl).bindTo(registry);
    assertThat(fallback(registry, "no-update")).isEqualTo(1);

    rl.update(ClusterSnapshot.of(List.of(Endpoint.of(Backend.parse("127.0.0.1:1")))));

    assertThat(fallback(registry, "no-update")).isZero();
    assertThat(fallback(registry, "no-model")).isEqualTo(1);
    assertThat(RlStrategyMetrics.REASONS.stream().mapToDouble(r -> fallback(registry, r)).sum())
        .isEqualTo(1);
    assertThat(registry.get("fulcrum.rl.updates").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("fulcrum.rl.fallback.updates").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void shippedModelWithoutHostMetricsPicksOnItsCostsAndAnUnusableModelIsNamed() {
    RlStrategy rl = new RlStrategy(StrategyContext.DEFAULT);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new RlStrategyMetrics(rl).bindTo(registry);
    rl.update(ClusterSnapshot.of(List.of(Endpoint.of(Backend.parse("127.0.0.1:1")))));
    assertThat(RlStrategyMetrics.REASONS.stream().mapToDouble(r -> fallback(registry, r)).sum())
        .as("no host metrics is not a reason to fall back any more")
        .isZero();

    RlStrategy broken =
        new RlStrategy(
            StrategyContext.builder().options(Map.of("model", "/nonexistent/x.rlmodel")).build());
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    new RlStrategyMetrics(broken).bindTo(other);
    broken.update(ClusterSnapshot.of(List.of(Endpoint.of(Backend.parse("127.0.0.1:1")))));
    assertThat(fallback(other, "model-unusable")).isEqualTo(1);
  }

  @Test
  void extensionMetersReadTheStrategyForTheOnlineLearner() {
    RlStrategy rl = new RlStrategy(null, StrategyContext.DEFAULT, null);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new RlStrategyMetrics(rl)
        .counter("fulcrum.rl.learner.updates", "Online updates applied", s -> 42)
        .gauge("fulcrum.rl.learner.weight.norm", "Norm of the adapted weights", s -> 1.5)
        .bindTo(registry);
    assertThat(registry.get("fulcrum.rl.learner.updates").functionCounter().count()).isEqualTo(42);
    assertThat(registry.get("fulcrum.rl.learner.weight.norm").gauge().value()).isEqualTo(1.5);
  }

  @Test
  void extensionNamesMustFollowTheConvention() {
    RlStrategyMetrics metrics =
        new RlStrategyMetrics(new RlStrategy(null, StrategyContext.DEFAULT, null));
    assertThatThrownBy(() -> metrics.gauge("LearnerUpdates", "x", s -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LearnerUpdates");
  }
}
