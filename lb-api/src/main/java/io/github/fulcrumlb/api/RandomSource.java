package io.github.fulcrumlb.api;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Randomness for strategies: thread-safe and allocation-free. Production code uses {@link
 * #threadLocal()}; tests inject a seeded implementation so that picks are reproducible.
 */
public interface RandomSource {

  /** A uniformly distributed int in [0, bound); {@code bound > 0}. */
  int nextInt(int bound);

  /** A uniformly distributed long. */
  long nextLong();

  /**
   * Randomness from {@link ThreadLocalRandom}: fast, uncontended, not reproducible. Its {@code
   * nextInt(bound)} uses a multiply-shift reduction, uniform to within {@code bound / 2^32}.
   */
  static RandomSource threadLocal() {
    return ThreadLocalRandomSource.INSTANCE;
  }
}

/** {@link RandomSource#threadLocal()}'s implementation. */
enum ThreadLocalRandomSource implements RandomSource {
  INSTANCE;

  /**
   * Multiply-shift over one 32-bit draw (Lemire): no division and no retry loop, which makes it
   * several nanoseconds cheaper than {@link ThreadLocalRandom#nextInt(int)}. The bias is below
   * {@code bound / 2^32}, far below anything a load balancer can notice.
   */
  @Override
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0 but was " + bound);
    }
    return (int) (((ThreadLocalRandom.current().nextInt() & 0xffff_ffffL) * bound) >>> 32);
  }

  @Override
  public long nextLong() {
    return ThreadLocalRandom.current().nextLong();
  }

  @Override
  public String toString() {
    return "RandomSource.threadLocal()";
  }
}
