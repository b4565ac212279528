package io.github.fulcrumlb.core.random;

import io.github.fulcrumlb.api.RandomSource;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reproducible, thread-safe, lock-free and allocation-free {@link RandomSource}: the SplitMix64
 * sequence (the generator behind {@link SplittableRandom}) over an atomic counter. Equal seeds give
 * equal sequences when used from one thread; from several threads each draw is still uniform.
 *
 * <pre>{@code
 * StrategyContext ctx = StrategyContext.builder().random(new SeededRandomSource(42)).build();
 * }</pre>
 */
public final class SeededRandomSource implements RandomSource {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private final AtomicLong state;

  /** A sequence determined by {@code seed}. */
  public SeededRandomSource(long seed) {
    this.state = new AtomicLong(seed);
  }

  @Override
  public long nextLong() {
    return mix64(state.addAndGet(GOLDEN_GAMMA));
  }

  @Override
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0 but was " + bound);
    }
    // Lemire's multiply-shift: unbiased enough for load balancing (bias < 2^-32 * bound).
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "SeededRandomSource";
  }
}
