package io.github.fulcrumlb.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.core.health.OutlierDetection;
import io.github.fulcrumlb.core.health.SlowStart;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlowStartRampTest {
  private final ManualTimeSource time = new ManualTimeSource();
  private final RecordingStrategy strategy = new RecordingStrategy();
  private final LoadBalancer lb =
      LoadBalancer.builder()
          .backends(List.of(Backend.of("a", "10.0.0.1", 80).withWeight(2)))
          .strategy(strategy)
          .time(time)
          .outlierDetection(OutlierDetection.builder().consecutiveFailures(1).build())
          .slowStart(SlowStart.over(Duration.ofSeconds(10)))
          .manualRefresh()
          .build();

  @AfterEach
  void closeBalancer() {
    lb.close();
  }

  private double weightSeenByStrategy(String id) {
    return strategy.last().endpoint(strategy.last().indexOf(id)).weight();
  }

  @Test
  void initialBackendsStartAtFullWeight() {
    assertThat(weightSeenByStrategy("a")).isEqualTo(2.0);
  }

  @Test
  void anAddedBackendRampsFromTheMinimumToFullWeightOverTheWindow() {
    lb.addBackend(Backend.of("c", "10.0.0.3", 80).withWeight(4));
    assertThat(weightSeenByStrategy("c")).isCloseTo(0.4, within(1e-9));

    time.advance(Duration.ofSeconds(5));
    lb.refresh();
    assertThat(weightSeenByStrategy("c")).isCloseTo(4 * 0.55, within(1e-9));
    assertThat(lb.stats().backend("c").orElseThrow().effectiveWeight())
        .isCloseTo(4 * 0.55, within(1e-9));

    time.advance(Duration.ofSeconds(5));
    lb.refresh();
    assertThat(weightSeenByStrategy("c")).isEqualTo(4.0);
    assertThat(weightSeenByStrategy("a")).isEqualTo(2.0);
  }

  @Test
  void aBackendReturningFromAnEjectionWarmsUpAgain() {
    lb.addBackend(Backend.of("b", "10.0.0.2", 80));
    time.advance(Duration.ofSeconds(10));
    lb.refresh();
    Endpoint a = lb.pick(0);
    lb.report(a, 1_000, false); // one failure ejects (test config)
    lb.refresh();
    assertThat(strategy.last().indexOf("a")).isNegative();

    time.advance(Duration.ofSeconds(30));
    lb.refresh();
    assertThat(weightSeenByStrategy("a")).isCloseTo(0.2, within(1e-9));
    time.advance(Duration.ofSeconds(10));
    lb.refresh();
    assertThat(weightSeenByStrategy("a")).isEqualTo(2.0);
  }
}
