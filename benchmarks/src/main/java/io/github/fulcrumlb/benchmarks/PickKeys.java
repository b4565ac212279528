package io.github.fulcrumlb.benchmarks;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Per-thread source of request keys: a ring of precomputed 64-bit hashes read in order, so each
 * pick sees a different, well-spread key (as consistent hashing expects) at the cost of one array
 * load and no allocation or arithmetic on the measured path.
 */
@State(Scope.Thread)
public class PickKeys {
  private static final int SIZE = 1 << 10; // 8 KiB: stays in L1 next to the strategy's data
  private static final int MASK = SIZE - 1;

  private final long[] keys = new long[SIZE];
  private int next;

  /** Fills the ring; each benchmark thread gets its own sequence. */
  @Setup
  public void fill(ThreadParams thread) {
    fill(thread.getThreadIndex());
  }

  /** Fills the ring with the sequence of benchmark thread {@code threadIndex}. */
  void fill(int threadIndex) {
    SplittableRandom random = new SplittableRandom(0xC0FFEEL + threadIndex);
    for (int i = 0; i < SIZE; i++) {
      keys[i] = random.nextLong();
    }
  }

  /** The next key of the ring. */
  long next() {
    return keys[next++ & MASK];
  }
}
