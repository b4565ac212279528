package io.github.fulcrumlb.api;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Randomness for strategies: thread-safe and allocation-free. Production code uses
 * {@link #threadLocal()}; tests inject a seeded implementation so that picks are reproducible.
 */
public interface RandomSource {

  /** A uniformly distributed int in [0, bound); {@code bound > 0}. */
  int nextInt(int bound);

  /** A uniformly distributed long. */
  long nextLong();

  /** Randomness from {@link ThreadLocalRandom}: fast, uncontended, not reproducible. */
  static RandomSource threadLocal() {
    return ThreadLocalRandomSource.INSTANCE;
  }
}

/** {@link RandomSource#threadLocal()}'s implementation. */
enum ThreadLocalRandomSource implements RandomSource {
  INSTANCE;

  @Override
  public int nextInt(int bound) {
    return ThreadLocalRandom.current().nextInt(bound);
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
