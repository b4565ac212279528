package io.github.fulcrumlb.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.HostMetrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServerTest {
  private static final long S = 1_000_000_000L;

  private static Server server(int slots, double rate, int queueLimit) {
    return new Server(new BackendSpec("s", 1, slots, rate, queueLimit, 0.2, BackgroundSpec.NONE));
  }

  @Test
  void servesFifoOnTheFirstFreeSlot() {
    Server s = server(2, 1, -1);
    assertThat(s.admit(0, 3)).isEqualTo(3 * S);
    assertThat(s.admit(0, 1)).isEqualTo(1 * S);
    assertThat(s.completionTime(0, 2)).isEqualTo(3 * S); // waits for the slot free at 1 s
    assertThat(s.admit(0, 2)).isEqualTo(3 * S);
    assertThat(s.admit(0, 1)).isEqualTo(4 * S);
    assertThat(s.inSystem()).isEqualTo(4);
    assertThat(s.waiting()).isEqualTo(2);
  }

  @Test
  void backgroundAndSlowdownStretchServiceTimes() {
    Server s = server(1, 2, -1);
    s.setBackground(0, 0.5);
    assertThat(s.currentRate()).isEqualTo(1.0);
    s.slowDown(4);
    assertThat(s.admit(0, 1)).isEqualTo(4 * S);
    s.recover(4);
    assertThat(s.currentRate()).isEqualTo(1.0);
  }

  @Test
  void idlePriorityBackgroundShowsInTheCpuMetricButKeepsTheRate() {
    BackgroundSpec batch = new BackgroundSpec.Idle(new BackgroundSpec.Constant(0.9));
    Server idle = new Server(new BackendSpec("i", 1, 1, 2, -1, 0.2, batch));
    Server normal =
        new Server(new BackendSpec("n", 1, 1, 2, -1, 0.2, new BackgroundSpec.Constant(0.9)));
    for (Server s : new Server[] {idle, normal}) {
      s.setBackground(0, 0.9);
    }
    assertThat(idle.currentRate()).isEqualTo(2.0);
    assertThat(normal.currentRate()).isCloseTo(0.2, within(1e-9));
    assertThat(idle.admit(0, 1)).isEqualTo(S / 2);
    HostSampler sampler =
        new HostSampler(
            new Server[] {idle}, new MetricsSpec(10, 1, 0), 0, 0, 0, new SplittableRandom(1));
    // 0.5 s of work in 10 s: the service alone would read 5%; the batch job fills the rest to 90.5%
    assertThat(sampler.sample(10 * S, 10_000)[0].cpu()).isCloseTo(0.9 + 0.1 * 0.05, within(1e-9));
  }

  @Test
  void offCpuSlowdownHoldsTheSlotButAddsNoCpuTime() {
    Server s = server(1, 1, -1);
    s.slowDownOffCpu(5);
    assertThat(s.completionTime(0, 1)).isEqualTo(5 * S);
    assertThat(s.admit(0, 1)).isEqualTo(5 * S);
    assertThat(s.completionTime(0, 1)).isEqualTo(10 * S); // waits behind the held slot
    assertThat(s.busyNanosUpTo(5 * S)).isEqualTo(5 * S);
    assertThat(s.cpuNanosUpTo(5 * S)).isEqualTo(1 * S);
    assertThat(s.cpuNanosUpTo(S)).isEqualTo(S / 5); // work in progress: its CPU share so far
    s.recoverOffCpu(5);
    assertThat(s.admit(5 * S, 1)).isEqualTo(6 * S);
    assertThat(s.cpuNanosUpTo(6 * S)).isEqualTo(2 * S);
    assertThat(s.busyNanosUpTo(6 * S)).isEqualTo(6 * S);
  }

  @Test
  void hostCpuDoesNotRiseWithAnOffCpuSlowdown() {
    Server onCpu = server(1, 1, -1);
    Server offCpu = server(1, 1, -1);
    onCpu.slowDown(5);
    offCpu.slowDownOffCpu(5);
    for (long t = 0; t < 10; t += 5) { // two requests of 1 unit each: 5 s of slot time apiece
      onCpu.admit(t * S, 1);
      offCpu.admit(t * S, 1);
    }
    HostSampler sampler =
        new HostSampler(
            new Server[] {onCpu, offCpu},
            new MetricsSpec(10, 1, 0),
            0,
            0,
            0,
            new SplittableRandom(1));
    HostMetrics[] m = sampler.sample(10 * S, 10_000);
    assertThat(m[0].cpu()).isEqualTo(1.0);
    assertThat(m[1].cpu()).isEqualTo(0.2);
  }

  @Test
  void accountsBusyTimeAndRequestsInSystem() {
    Server s = server(2, 1, -1);
    s.admit(0, 2);
    s.admit(S, 4);
    assertThat(s.busyNanosUpTo(3 * S)).isEqualTo(2 * S + 2 * S);
    s.depart(2 * S);
    assertThat(s.inSystemAreaUpTo(3 * S)).isEqualTo(2.0 * S + 1.0 * S + 1.0 * S);
  }

  @Test
  void boundedQueueIsFullWhenEveryWaitingPlaceIsTaken() {
    Server s = server(1, 1, 1);
    s.admit(0, 1);
    assertThat(s.queueFull()).isFalse();
    s.admit(0, 1);
    assertThat(s.queueFull()).isTrue();
  }

  @Test
  void killingDropsQueuedWorkAndEmptiesTheServer() {
    Server s = server(1, 1, -1);
    s.admit(0, 10);
    s.kill(4 * S);
    assertThat(s.alive()).isFalse();
    assertThat(s.inSystem()).isZero();
    assertThat(s.busyNanosUpTo(5 * S)).isEqualTo(4 * S);
    s.revive();
    assertThat(s.admit(5 * S, 1)).isEqualTo(6 * S);
  }

  @Test
  void onOffBackgroundAlternatesBetweenItsLevels() {
    BackgroundLoad bg =
        new BackgroundLoad(
            new BackgroundSpec.OnOff(0.6, 0.1, 10, 10), new java.util.SplittableRandom(1));
    double previous = bg.level();
    double t = 0;
    for (int i = 0; i < 10; i++) {
      assertThat(bg.nextChangeSeconds()).isGreaterThan(t);
      t = bg.nextChangeSeconds();
      bg.advance();
      assertThat(bg.level()).isNotEqualTo(previous).isIn(0.6, 0.1);
      previous = bg.level();
    }
  }
}
