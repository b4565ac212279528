package io.github.fulcrumlb.core.strategy;

import io.github.fulcrumlb.api.RandomSource;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A position in a cyclic schedule that picking threads advance without contending on one cache
 * line: each thread uses one of a few counters, chosen by its thread id, each on its own cache line.
 *
 * <p>One thread walks the schedule exactly, one step per call. Several threads each walk it from
 * their own counter (as each of Envoy's worker threads runs its own round robin), so over any
 * stretch every thread's picks follow the schedule and the total follows it up to one partial cycle
 * per counter. Threads whose ids share a counter share its rotation. Lock-free and allocation-free.
 */
final class ThreadCursor {
  /** Counters; a power of two. Threads beyond this many share counters, correctly but contended. */
  private static final int STRIPES = 16;
  /** Longs per counter: 128 bytes apart, so two counters never share a (prefetched) cache line. */
  private static final int SPACING = 16;

  private final AtomicLongArray positions = new AtomicLongArray((STRIPES + 1) * SPACING);

  /** Every counter starts at its own random offset in [0, length). */
  ThreadCursor(RandomSource random, int length) {
    for (int s = 0; s < STRIPES; s++) {
      positions.set(slot(s), random.nextInt(length));
    }
  }

  /** The position for this call, then advances the calling thread's counter. */
  long next() {
    int stripe = (int) Thread.currentThread().getId() & (STRIPES - 1);
    return positions.getAndIncrement(slot(stripe));
  }

  private static int slot(int stripe) {
    return (stripe + 1) * SPACING; // slot 0's line is left empty: it neighbours the array header
  }
}
