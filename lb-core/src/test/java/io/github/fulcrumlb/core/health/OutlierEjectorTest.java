package io.github.fulcrumlb.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.LoadTracker;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutlierEjectorTest {
  private static final long SECOND = 1_000_000_000L;

  private final OutlierEjector ejector = new OutlierEjector(OutlierDetection.defaults());
  private long now = 0;

  private static void fail(LoadTracker load, int times, long now) {
    for (int i = 0; i < times; i++) {
      load.requestStarted();
      load.requestFinished(1_000, false, now);
    }
  }

  private static void succeed(LoadTracker load, long now) {
    load.requestStarted();
    load.requestFinished(1_000, true, now);
  }

  @Test
  void aReturnedBackendNeedsAFullNewStreakToBeEjectedAgain() {
    LoadTracker load = new LoadTracker(SECOND, now);
    BackendHealth health = new BackendHealth(load, now, false);
    List<BackendHealth> members = List.of(health);
    fail(load, 5, now);
    assertThat(ejector.evaluate(members, now)).isTrue();
    assertThat(health.isEjected()).isTrue();

    now += 30 * SECOND;
    assertThat(ejector.evaluate(members, now)).isTrue();
    assertThat(health.isEjected()).as("returned; the old streak of 5 does not count").isFalse();
    fail(load, 4, now);
    assertThat(ejector.evaluate(members, now)).isFalse();
    fail(load, 1, now);
    assertThat(ejector.evaluate(members, now)).isTrue();
    assertThat(health.ejectedUntilNanos() - now).isEqualTo(60 * SECOND);
  }

  @Test
  void aSuccessAfterReturnRestartsTheCountEvenIfTheNewStreakEqualsTheOld() {
    LoadTracker load = new LoadTracker(SECOND, now);
    BackendHealth health = new BackendHealth(load, now, false);
    List<BackendHealth> members = List.of(health);
    fail(load, 5, now);
    ejector.evaluate(members, now);
    now += 30 * SECOND;
    ejector.evaluate(members, now);

    succeed(load, now);
    fail(load, 5, now); // the tracker's streak is 5 again, as at the baseline
    assertThat(ejector.evaluate(members, now)).isTrue();
    assertThat(health.isEjected()).isTrue();
  }

  @Test
  void backOffIsForgivenOneLevelPerBaseEjectionTimeInService() {
    LoadTracker load = new LoadTracker(SECOND, now);
    BackendHealth health = new BackendHealth(load, now, false);
    List<BackendHealth> members = List.of(health);
    fail(load, 5, now);
    ejector.evaluate(members, now); // level 1: 30 s
    now += 30 * SECOND;
    ejector.evaluate(members, now);
    fail(load, 5, now);
    ejector.evaluate(members, now); // level 2: 60 s
    assertThat(health.ejectedUntilNanos() - now).isEqualTo(60 * SECOND);
    now += 60 * SECOND;
    ejector.evaluate(members, now);

    now += 60 * SECOND; // two base times in service forgive both earlier ejections
    fail(load, 5, now);
    ejector.evaluate(members, now);
    assertThat(health.ejectedUntilNanos() - now).isEqualTo(30 * SECOND);
    assertThat(health.ejectionCount()).isEqualTo(3);
  }

  @Test
  void neverEjectsWhenDisabled() {
    LoadTracker load = new LoadTracker(SECOND, now);
    BackendHealth health = new BackendHealth(load, now, false);
    fail(load, 50, now);
    assertThat(new OutlierEjector(OutlierDetection.disabled()).evaluate(List.of(health), now))
        .isFalse();
    assertThat(health.isEjected()).isFalse();
  }

  @Test
  void warmUpStartsWhenABackendReturns() {
    SlowStart slowStart = SlowStart.over(java.time.Duration.ofSeconds(10));
    LoadTracker load = new LoadTracker(SECOND, now);
    BackendHealth health = new BackendHealth(load, now, false);
    assertThat(health.weightFactor(slowStart, now)).isEqualTo(1.0);
    fail(load, 5, now);
    ejector.evaluate(List.of(health), now);
    now += 30 * SECOND;
    ejector.evaluate(List.of(health), now);
    assertThat(health.weightFactor(slowStart, now)).isEqualTo(0.1);
    assertThat(health.weightFactor(slowStart, now + 10 * SECOND)).isEqualTo(1.0);
  }
}
