package io.github.fulcrumlb.core.strategy;

import io.github.fulcrumlb.api.RandomSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A position in a cyclic schedule that picking threads advance without contending on one cache
 * line: each thread uses one of a few counters, each on its own cache line. A thread is handed its
 * counter on first use, in turn ({@code 0, 1, 2, ...}), so up to {@value #STRIPES} threads never
 * share one (a hash of the thread id would make two threads collide by chance).
 *
 * <p>One thread walks the schedule exactly, one step per call. Several threads each walk it from
 * their own counter (as each of Envoy's worker threads runs its own round robin), so over any
 * stretch every thread's picks follow the schedule and the total follows it up to one partial cycle
 * per counter. Beyond that many threads, threads share counters (and their rotation). Wait-free and
 * allocation-free.
 */
final class ThreadCursor {
  /** Counters; a power of two. Threads beyond this many share counters, correctly but contended. */
  private static final int STRIPES = 16;

  /** Longs per counter: 128 bytes apart, so two counters never share a (prefetched) cache line. */
  private static final int SPACING = 16;

  /** Counter index of each thread, handed out in turn; shared by every cursor. */
  private static final AtomicInteger NEXT_STRIPE = new AtomicInteger();

  private static final ThreadLocal<Integer> STRIPE =
      ThreadLocal.withInitial(() -> NEXT_STRIPE.getAndIncrement() & (STRIPES - 1));

  private final AtomicLongArray positions = new AtomicLongArray((STRIPES + 1) * SPACING);

  /** Every counter starts at its own random offset in [0, length). */
  ThreadCursor(RandomSource random, int length) {
    for (int s = 0; s < STRIPES; s++) {
      positions.set(slot(s), random.nextInt(length));
    }
  }

  /**
   * The position for this call, then advances the calling thread's counter. The counter belongs to
   * this thread alone (up to {@value #STRIPES} threads), so a plain read and write suffice: no
   * atomic read-modify-write, whose locked instruction would dominate a pick this cheap. Threads
   * beyond that many share counters and may then repeat or skip a step now and then, which keeps
   * the rotation even on average.
   */
  long next() {
    int slot = slot(STRIPE.get()); // small Integers are cached: no allocation
    long position = positions.getOpaque(slot);
    positions.setOpaque(slot, position + 1);
    return position;
  }

  private static int slot(int stripe) {
    return (stripe + 1) * SPACING; // slot 0's line is left empty: it neighbours the array header
  }
}
