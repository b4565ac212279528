package io.github.fulcrumlb.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.HostMetrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StallScheduleTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  /** 5 ms of every 10 ms from 100 ms on. */
  private final StallSchedule fiveOfTen =
      new StallSchedule(100 * MS, Long.MAX_VALUE, 5 * MS, 10 * MS);

  private static Server server(int slots, double rate) {
    return new Server(new BackendSpec("s", 1, slots, rate, -1, 0.2, BackgroundSpec.NONE));
  }

  @Test
  void countsStalledTimeCycleByCycle() {
    assertThat(fiveOfTen.stalledNanosUpTo(100 * MS)).isZero();
    assertThat(fiveOfTen.stalledNanosUpTo(103 * MS)).isEqualTo(3 * MS);
    assertThat(fiveOfTen.stalledNanosUpTo(108 * MS)).isEqualTo(5 * MS);
    assertThat(fiveOfTen.stalledNanosUpTo(112 * MS)).isEqualTo(7 * MS);
    assertThat(fiveOfTen.stalledNanosUpTo(1100 * MS)).isEqualTo(500 * MS);
    assertThat(fiveOfTen.stalledAt(101 * MS)).isTrue();
    assertThat(fiveOfTen.stalledAt(106 * MS)).isFalse();
    assertThat(fiveOfTen.stalledAt(99 * MS)).isFalse();
  }

  @Test
  void wallTimeInvertsAvailableTimeAndSkipsPauses() {
    for (long t = 0; t < 300 * MS; t += 250_000) {
      long a = fiveOfTen.availableAt(t);
      long back = fiveOfTen.wallAt(a);
      assertThat(back).isLessThanOrEqualTo(t);
      assertThat(fiveOfTen.availableAt(back)).isEqualTo(a);
    }
    // Work that reaches 100 ms of available time finishes just before the first pause ...
    assertThat(fiveOfTen.wallAt(100 * MS)).isEqualTo(100 * MS);
    // ... and one nanosecond more waits for it to end.
    assertThat(fiveOfTen.wallAt(100 * MS + 1)).isEqualTo(105 * MS + 1);
  }

  @Test
  void endsAfterItsDuration() {
    StallSchedule s = new StallSchedule(0, 23 * MS, 5 * MS, 10 * MS);
    assertThat(s.stalledNanosUpTo(22 * MS)).isEqualTo(12 * MS);
    assertThat(s.stalledNanosUpTo(23 * MS)).isEqualTo(13 * MS); // the third pause cut at 23 ms
    assertThat(s.stalledNanosUpTo(S)).isEqualTo(13 * MS);
    assertThat(s.wallAt(10 * MS)).isEqualTo(20 * MS);
    assertThat(s.wallAt(100 * MS)).isEqualTo(113 * MS);
  }

  @Test
  void rejectsAPauseNoShorterThanItsPeriod() {
    assertThatThrownBy(() -> new StallSchedule(0, Long.MAX_VALUE, 10 * MS, 10 * MS))
        .hasMessageContaining("0 < pause < period");
  }

  @Test
  void requestsInServiceMakeNoProgressDuringAPause() {
    Server s = server(1, 1000); // 1 ms per work unit
    s.setStall(fiveOfTen);
    // 3 ms of work from 98 ms: 2 ms, then the pause 100-105 ms, then 1 ms.
    assertThat(s.completionTime(98 * MS, 3)).isEqualTo(106 * MS);
    assertThat(s.admit(98 * MS, 3)).isEqualTo(106 * MS);
    // Queued behind it: starts at 106 ms, 4 ms of work, the pause at 110-115 ms in between.
    assertThat(s.admit(99 * MS, 8)).isEqualTo(119 * MS);
    // Busy time counts work, not pauses: 2 + 3 + 1 (to 106 ms) + 4 (to 110 ms) = 10 ms at 115 ms.
    assertThat(s.busyNanosUpTo(115 * MS)).isEqualTo(2 * MS + 1 * MS + 4 * MS);
    assertThat(s.stalledNanosUpTo(115 * MS)).isEqualTo(10 * MS);
  }

  @Test
  void workOfNoTimeAdmittedDuringAPauseEndsWhenAdmitted() {
    Server s = server(1, 1000);
    s.setStall(fiveOfTen);
    assertThat(s.admit(102 * MS, 0)).isEqualTo(102 * MS);
    assertThat(s.admit(103 * MS, 1)).isEqualTo(106 * MS);
  }

  @Test
  void aServerWithoutAStallKeepsItsTimes() {
    Server s = server(1, 1000);
    assertThat(s.admit(98 * MS, 3)).isEqualTo(101 * MS);
    assertThat(s.stalledNanosUpTo(S)).isZero();
  }

  @Test
  void hostCpuShowsTheStallOnlyInTheSampleAfterIt() {
    Server idle = server(2, 1000);
    idle.setStall(new StallSchedule(10 * S, Long.MAX_VALUE, 5 * MS, 10 * MS));
    HostSampler sampler =
        new HostSampler(
            new Server[] {idle}, new MetricsSpec(10, 1, 0), 0, 0, 0, new SplittableRandom(1));
    HostMetrics before = sampler.sample(10 * S, 10_000)[0];
    HostMetrics during = sampler.sample(20 * S, 20_000)[0];
    assertThat(before.cpu()).isZero();
    assertThat(during.cpu()).isEqualTo(0.5); // stopped half the time, idle otherwise
  }
}
