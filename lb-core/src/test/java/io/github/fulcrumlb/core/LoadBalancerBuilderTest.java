package io.github.fulcrumlb.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.core.metrics.InMemoryMetricsSource;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadBalancerBuilderTest {
  private static final Backend A = Backend.of("a", "10.0.0.1", 80);
  private static final Backend B = Backend.of("b", "10.0.0.2", 80);

  @TempDir Path tempDir;

  @Test
  void defaultStrategyIsP2c() {
    assertThat(LoadBalancerBuilder.DEFAULT_STRATEGY).isEqualTo("p2c");
    try (LoadBalancer lb = LoadBalancer.builder().backends(List.of(A)).manualRefresh().build()) {
      assertThat(lb.stats().strategy()).isEqualTo("p2c");
      assertThat(lb.pick().id()).isEqualTo("a");
    }
  }

  @Test
  void unknownStrategyNameFailsTheBuildNamingIt() {
    assertThatThrownBy(() -> LoadBalancer.builder().strategy("no-such-strategy").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown strategy \"no-such-strategy\"; known strategies:");
  }

  @Test
  void strategyNameIsCreatedWithTheOptionsTimeAndRandomOfTheBuilder() throws Exception {
    ManualTimeSource time = new ManualTimeSource();
    SeededRandomSource random = new SeededRandomSource(7);
    try (LoadBalancer lb =
        TestProviders.withRecordingProvider(
            tempDir,
            () ->
                LoadBalancer.builder()
                    .backends(List.of(A))
                    .strategy("test-recording")
                    .strategyOptions(Map.of("label", "x"))
                    .time(time)
                    .random(random)
                    .manualRefresh()
                    .build())) {
      RecordingStrategy created = RecordingStrategy.Provider.lastCreated;
      assertThat(created.context().options()).isEqualTo(Map.of("label", "x"));
      assertThat(created.context().time()).isSameAs(time);
      assertThat(created.context().random()).isSameAs(random);
      assertThat(created.last().endpoints()).extracting(e -> e.id()).containsExactly("a");
      assertThat(lb.pick().id()).isEqualTo("a");
    }
  }

  @Test
  void unknownStrategyOptionFailsTheBuildNamingIt() throws Exception {
    TestProviders.withRecordingProvider(
        tempDir,
        () -> {
          assertThatThrownBy(
                  () ->
                      LoadBalancer.builder()
                          .strategy("test-recording")
                          .strategyOptions(Map.of("colour", "red"))
                          .manualRefresh()
                          .build())
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("no option \"colour\"");
          return null;
        });
  }

  @Test
  void strategyOptionsWithAStrategyInstanceAreRejected() {
    assertThatThrownBy(
            () ->
                LoadBalancer.builder()
                    .strategy(new RecordingStrategy())
                    .strategyOptions(Map.of("decay", "5s"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "LoadBalancer.strategyOptions {decay=5s} apply only to a strategy chosen by name");
  }

  @Test
  void blankStrategyNameIsRejected() {
    assertThatThrownBy(() -> LoadBalancer.builder().strategy(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LoadBalancer.strategy name must not be blank but was \" \"");
    assertThatThrownBy(() -> LoadBalancer.builder().strategy((String) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LoadBalancer.strategy name must not be blank but was null");
  }

  @Test
  void backendsWithDuplicateIdsOrNullsAreRejected() {
    Backend a2 = Backend.of("a", "10.0.0.9", 81);
    assertThatThrownBy(() -> LoadBalancer.builder().backends(List.of(A, B, a2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LoadBalancer.backends must have unique ids but \"a\" appears more than once");
    assertThatThrownBy(() -> LoadBalancer.builder().backends(Arrays.asList(A, null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("LoadBalancer.backends[1] must not be null");
  }

  @Test
  void nonPositiveLatencyDecayIsRejected() {
    assertThatThrownBy(() -> LoadBalancer.builder().latencyDecay(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LoadBalancer.latencyDecay must be > 0 but was PT0S");
    assertThatThrownBy(() -> LoadBalancer.builder().latencyDecay(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LoadBalancer.latencyDecay must be > 0 but was PT-1S");
  }

  @Test
  void refreshIntervalBelowOneMillisecondIsRejected() {
    assertThatThrownBy(() -> LoadBalancer.builder().refreshInterval(Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LoadBalancer.refreshInterval must be >= 1ms but was PT0.000999999S");
  }

  @Test
  void manualRefreshAndASchedulerExcludeEachOther() {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    try {
      assertThatThrownBy(
              () ->
                  LoadBalancer.builder()
                      .strategy(new RecordingStrategy())
                      .scheduler(scheduler)
                      .manualRefresh()
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("LoadBalancer.manualRefresh() and LoadBalancer.scheduler(");
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void nullCollaboratorsAreRejectedByName() {
    LoadBalancerBuilder b = LoadBalancer.builder();
    assertThatThrownBy(() -> b.time(null)).hasMessage("LoadBalancer.time must not be null");
    assertThatThrownBy(() -> b.random(null)).hasMessage("LoadBalancer.random must not be null");
    assertThatThrownBy(() -> b.metrics(null)).hasMessage("LoadBalancer.metrics must not be null");
    assertThatThrownBy(() -> b.outlierDetection(null))
        .hasMessage("LoadBalancer.outlierDetection must not be null");
    assertThatThrownBy(() -> b.slowStart(null))
        .hasMessage("LoadBalancer.slowStart must not be null");
  }

  @Test
  void defaultLatencyDecayIsTenSeconds() {
    ManualTimeSource time = new ManualTimeSource();
    try (LoadBalancer lb =
        LoadBalancer.builder()
            .backends(List.of(A))
            .strategy(new RecordingStrategy())
            .time(time)
            .manualRefresh()
            .build()) {
      lb.report(lb.pick(), 10_000_000, true);
      time.advance(Duration.ofSeconds(10));
      lb.report(lb.pick(), 20_000_000, true);
      // After one decay time the old average keeps exp(-1) of its weight.
      double expected = 10e6 * Math.exp(-1) + 20e6 * (1 - Math.exp(-1));
      assertThat(lb.stats().backend("a").orElseThrow().latencyEwmaMillis())
          .isCloseTo(expected / 1e6, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void defaultSlowStartIsOffSoAddedBackendsGetFullWeight() {
    RecordingStrategy strategy = new RecordingStrategy();
    try (LoadBalancer lb =
        LoadBalancer.builder().backends(List.of(A)).strategy(strategy).manualRefresh().build()) {
      lb.addBackend(B.withWeight(4));
      assertThat(strategy.last().endpoint(strategy.last().indexOf("b")).weight()).isEqualTo(4.0);
    }
  }

  @Test
  void defaultRefreshRunsEverySecondOnTheGivenScheduler() {
    RecordingScheduler scheduler = new RecordingScheduler();
    try {
      LoadBalancer lb =
          LoadBalancer.builder().strategy(new RecordingStrategy()).scheduler(scheduler).build();
      assertThat(scheduler.periodNanos).isEqualTo(TimeUnit.SECONDS.toNanos(1));
      assertThat(scheduler.periodic.isCancelled()).isFalse();
      lb.close();
      assertThat(scheduler.periodic.isCancelled()).isTrue();
      assertThat(scheduler.isShutdown()).as("a scheduler given to the balancer stays up").isFalse();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void defaultSchedulerIsAnOwnedDaemonThreadStoppedByClose() throws Exception {
    RecordingStrategy strategy = new RecordingStrategy();
    InMemoryMetricsSource metrics = new InMemoryMetricsSource();
    ManualTimeSource time = new ManualTimeSource();
    LoadBalancer lb =
        LoadBalancer.builder()
            .backends(List.of(A))
            .strategy(strategy)
            .metrics(metrics)
            .time(time)
            .build();
    metrics.put("a", new HostMetrics(0.5, 0.5, 0, 0, time.currentTimeMillis()));
    strategy.awaitUpdate(s -> s.metrics(0).hasHostSample(), Duration.ofSeconds(10));
    Thread control = strategy.lastUpdateThread();
    assertThat(control.getName()).matches("fulcrum-control-\\d+");
    assertThat(control.isDaemon()).isTrue();

    lb.close();
    control.join(10_000);
    assertThat(control.isAlive()).as("control thread ended after close").isFalse();
  }

  /** Records the period of the balancer's periodic task. */
  private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
    volatile long periodNanos;
    volatile ScheduledFuture<?> periodic;

    RecordingScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable command, long initialDelay, long delay, TimeUnit unit) {
      periodNanos = unit.toNanos(delay);
      periodic = super.scheduleWithFixedDelay(command, initialDelay, delay, unit);
      return periodic;
    }
  }
}
