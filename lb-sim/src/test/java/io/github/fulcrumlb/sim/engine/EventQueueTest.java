package io.github.fulcrumlb.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  @Test
  void pollsInTimeOrderAndGrows() {
    EventQueue q = new EventQueue(2);
    SplittableRandom r = new SplittableRandom(3);
    long[] times = new long[10_000];
    for (int i = 0; i < times.length; i++) {
      times[i] = r.nextLong(1_000_000);
      q.add(times[i], times[i] * 2);
    }
    Arrays.sort(times);
    for (long t : times) {
      assertThat(q.peekTime()).isEqualTo(t);
      assertThat(q.poll()).isEqualTo(t * 2);
    }
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void interleavedAddsAndPollsStayOrdered() {
    EventQueue q = new EventQueue(4);
    SplittableRandom r = new SplittableRandom(5);
    long now = 0;
    q.add(0, 0);
    for (int i = 0; i < 50_000; i++) {
      long t = q.peekTime();
      q.poll();
      assertThat(t).isGreaterThanOrEqualTo(now);
      now = t;
      q.add(now + r.nextLong(100), i);
      if (r.nextBoolean()) {
        q.add(now + r.nextLong(100), i);
      }
    }
  }

  @Test
  void emptyQueueRefusesToPoll() {
    assertThatThrownBy(() -> new EventQueue(1).poll()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void streamsAreReproducibleAndDistinct() {
    RandomStreams a = new RandomStreams(42);
    RandomStreams b = new RandomStreams(42);
    assertThat(a.stream(1, 0).nextLong()).isEqualTo(b.stream(1, 0).nextLong());
    assertThat(a.streamSeed(1, 0))
        .isNotEqualTo(a.streamSeed(1, 1))
        .isNotEqualTo(a.streamSeed(2, 0));
    assertThat(new RandomStreams(43).streamSeed(1, 0)).isNotEqualTo(a.streamSeed(1, 0));
  }
}
