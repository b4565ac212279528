package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LoadTrackerTest {

  private static final long TAU = TimeUnit.SECONDS.toNanos(10);
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private final LoadTracker load = new LoadTracker(TAU, 0);

  @Test
  void startsIdleAndEmpty() {
    assertThat(load.inFlight()).isZero();
    assertThat(load.latencyEwmaNanos()).isZero();
    assertThat(load.peakLatencyNanos()).isZero();
    assertThat(load.errorRate()).isZero();
    assertThat(load.completed()).isZero();
  }

  @Test
  void rejectsDecayThatIsNotPositiveNamingValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new LoadTracker(0, 0))
        .withMessageContaining("LoadTracker.decayNanos")
        .withMessageContaining("but was 0");
  }

  @Test
  void countsRequestsInFlightUntilFinishedOrCancelled() {
    load.requestStarted();
    load.requestStarted();
    load.requestStarted();
    load.requestFinished(MS, true, MS);
    load.requestCancelled();

    assertThat(load.inFlight()).isEqualTo(1);
    assertThat(load.completed()).isEqualTo(1);
  }

  @Test
  void sumsTheLatencyOfEveryOutcomeSoThatAWindowsMeanCanBeRead() {
    load.requestStarted();
    load.requestFinished(2 * MS, true, MS);
    long c0 = load.completed();
    long s0 = load.latencySumNanos();
    load.requestStarted();
    load.requestStarted();
    load.requestFinished(6 * MS, false, 2 * MS);
    load.recordOutcome(10 * MS, true, 3 * MS);
    load.recordOutcome(-5, true, 4 * MS); // a negative latency counts as 0, as in the averages

    assertThat(s0).isEqualTo(2 * MS);
    assertThat(load.completed() - c0).isEqualTo(3);
    assertThat((double) (load.latencySumNanos() - s0) / (load.completed() - c0))
        .isCloseTo(16.0 * MS / 3, within(1e-6));
  }

  @Test
  void inFlightNeverGoesBelowZeroWhenARequestEndsTwice() {
    load.requestStarted();
    load.requestFinished(MS, true, MS);
    load.requestFinished(MS, true, 2 * MS);
    load.requestCancelled();

    assertThat(load.inFlight()).isZero();

    load.requestStarted();
    assertThat(load.inFlight()).isEqualTo(1);
  }

  @Test
  void firstObservationSetsTheAveragesOutright() {
    load.requestStarted();
    load.requestFinished(40 * MS, false, TimeUnit.SECONDS.toNanos(1));

    assertThat(load.latencyEwmaNanos()).isEqualTo(40.0 * MS);
    assertThat(load.peakLatencyNanos()).isEqualTo(40.0 * MS);
    assertThat(load.errorRate()).isEqualTo(1.0);
  }

  @Test
  void laterObservationsBlendByElapsedTime() {
    load.requestFinished(10 * MS, true, 0);
    load.requestFinished(20 * MS, true, TAU); // one decay time later: keep 1/e of the old average

    double keep = Math.exp(-1);
    assertThat(load.latencyEwmaNanos())
        .isCloseTo(10 * MS * keep + 20 * MS * (1 - keep), within(1.0));
  }

  @Test
  void negativeLatencyCountsAsZero() {
    load.requestFinished(-5, true, 0);

    assertThat(load.latencyEwmaNanos()).isZero();
  }

  @Test
  void peakJumpsStraightToASlowReplyWhileTheAverageMovesPartway() {
    load.requestFinished(1 * MS, true, 0);
    load.requestFinished(100 * MS, true, MS);

    assertThat(load.peakLatencyNanos()).isEqualTo(100.0 * MS);
    assertThat(load.latencyEwmaNanos()).isLessThan(2.0 * MS);
  }

  @Test
  void peakDecaysTowardsZeroWithDecay() {
    load.requestFinished(100 * MS, true, 0);

    load.decay(TAU);
    assertThat(load.peakLatencyNanos()).isCloseTo(100 * MS * Math.exp(-1), within(1.0));

    load.decay(TAU * 11);
    assertThat(load.peakLatencyNanos()).isCloseTo(100 * MS * Math.exp(-11), within(1.0));
    assertThat(load.latencyEwmaNanos()).isEqualTo(100.0 * MS);
  }

  @Test
  void decayCountsTimeSinceThePeakWasLastUpdatedNotSinceTheTrackerWasCreated() {
    long lateStart = 100 * TAU; // nobody called decay() for a long time
    load.requestFinished(100 * MS, true, lateStart);

    load.decay(lateStart + TAU);

    assertThat(load.peakLatencyNanos()).isCloseTo(100 * MS * Math.exp(-1), within(1.0));
  }

  @Test
  void observationRightAfterDecayDoesNotDecayThePeakASecondTime() {
    load.requestFinished(100 * MS, true, 0);
    load.decay(TAU);

    load.requestFinished(0, true, TAU); // no time passed since the decay

    assertThat(load.peakLatencyNanos()).isCloseTo(100 * MS * Math.exp(-1), within(1.0));
  }

  @Test
  void errorRateMovesTowardsTheShareOfFailures() {
    load.requestFinished(MS, true, 0);
    assertThat(load.errorRate()).isZero();

    load.requestFinished(MS, false, TAU);
    assertThat(load.errorRate()).isCloseTo(1 - Math.exp(-1), within(1e-12));

    for (int i = 2; i < 50; i++) {
      load.requestFinished(MS, false, i * TAU);
    }
    assertThat(load.errorRate()).isCloseTo(1.0, within(1e-9));
    assertThat(load.failed()).isEqualTo(49);
    assertThat(load.completed()).isEqualTo(50);
  }

  @Test
  void resetFailureStreakStartsANewStreakAndKeepsTotals() {
    load.requestFinished(MS, false, 0);
    load.requestFinished(MS, false, MS);
    load.resetFailureStreak();
    assertThat(load.consecutiveFailures()).isZero();
    assertThat(load.failed()).isEqualTo(2);

    load.requestFinished(MS, false, 2 * MS);
    assertThat(load.consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void consecutiveFailuresCountUpAndResetOnSuccess() {
    load.requestFinished(MS, false, 0);
    load.requestFinished(MS, false, MS);
    load.requestFinished(MS, false, 2 * MS);
    assertThat(load.consecutiveFailures()).isEqualTo(3);

    load.requestFinished(MS, true, 3 * MS);
    assertThat(load.consecutiveFailures()).isZero();
    assertThat(load.failed()).isEqualTo(3);

    load.requestFinished(MS, false, 4 * MS);
    assertThat(load.consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void cancelledRequestsLeaveTheAveragesAlone() {
    load.requestFinished(5 * MS, true, 0);
    load.requestStarted();
    load.requestCancelled();

    assertThat(load.latencyEwmaNanos()).isEqualTo(5.0 * MS);
    assertThat(load.completed()).isEqualTo(1);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void concurrentStartsAndFinishesReturnInFlightToZero() throws Exception {
    int threads = 4;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        boolean success = t % 2 == 0;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    load.requestStarted();
                    if (i % 10 == 9) {
                      load.requestCancelled();
                    } else {
                      load.requestFinished(MS, success, i);
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(load.inFlight()).isZero();
    assertThat(load.completed()).isEqualTo((long) threads * perThread * 9 / 10);
    assertThat(load.failed()).isEqualTo((long) (threads / 2) * perThread * 9 / 10);
    assertThat(load.latencySumNanos()).isEqualTo(load.completed() * MS);
    assertThat(load.errorRate()).isBetween(0.0, 1.0);
    assertThat(load.latencyEwmaNanos()).isCloseTo((double) MS, within(1e-3));
  }
}
