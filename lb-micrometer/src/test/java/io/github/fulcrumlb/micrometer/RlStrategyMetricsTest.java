package io.github.fulcrumlb.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import io.micrometer.core.instrument.Tags;
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

  @Test
  void onlineLearnerMetersFollowItsStepsRewardAndState() {
    long[] now = {0};
    TimeSource clock =
        new TimeSource() {
          @Override
          public long nanoTime() {
            return now[0];
          }

          @Override
          public long currentTimeMillis() {
            return now[0] / 1_000_000;
          }
        };
    RlStrategy rl =
        new RlStrategy(StrategyContext.builder().option("online", "true").time(clock).build());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new RlStrategyMetrics(rl, Tags.of("balancer", "test")).bindTo(registry);
    Endpoint a = Endpoint.of(Backend.parse("127.0.0.1:1"));
    Endpoint b = Endpoint.of(Backend.parse("127.0.0.1:2"));
    ClusterSnapshot cluster = ClusterSnapshot.of(List.of(a, b));
    rl.update(cluster);
    for (int i = 0; i < 10; i++) {
      rl.onOutcome(a, 2_000_000, true);
      rl.onOutcome(b, 8_000_000, true);
    }
    now[0] += 1_000_000_000L;
    rl.update(cluster);

    assertThat(registry.get("fulcrum.rl.online.state").tag("state", "learning").gauge().value())
        .isEqualTo(1);
    assertThat(registry.get("fulcrum.rl.online.state").tag("state", "off").gauge().value())
        .isZero();
    assertThat(registry.get("fulcrum.rl.online.steps").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("fulcrum.rl.online.reverts").functionCounter().count()).isZero();
    // minus the mean of 2 ms and 8 ms (the recorder sums latencies in microseconds)
    assertThat(registry.get("fulcrum.rl.online.reward").tag("balancer", "test").gauge().value())
        .isCloseTo(-5.0, org.assertj.core.api.Assertions.withinPercentage(0.1));
    assertThat(registry.get("fulcrum.rl.online.largest.correction").gauge().value())
        .isEqualTo(rl.stats().online().largestCorrection());
    assertThat(registry.get("fulcrum.rl.online.corrected.backends").gauge().value())
        .isEqualTo(rl.stats().online().correctedBackends());
  }

  @Test
  void withOnlineLearningOffTheStateIsOffAndTheCountersZero() {
    RlStrategy rl = new RlStrategy(StrategyContext.DEFAULT);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new RlStrategyMetrics(rl).bindTo(registry);
    for (String state : RlStrategyMetrics.ONLINE_STATES) {
      assertThat(registry.get("fulcrum.rl.online.state").tag("state", state).gauge().value())
          .as(state)
          .isEqualTo(state.equals("off") ? 1 : 0);
    }
    assertThat(registry.get("fulcrum.rl.online.steps").functionCounter().count()).isZero();
    assertThat(registry.get("fulcrum.rl.online.largest.correction").gauge().value()).isEqualTo(1);
  }
}
