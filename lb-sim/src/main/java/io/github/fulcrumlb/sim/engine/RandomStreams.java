package io.github.fulcrumlb.sim.engine;

import java.util.SplittableRandom;

/**
 * Independent, reproducible random streams derived from one run seed: one stream per purpose
 * (arrivals, sizes, keys, background load of backend 3, metric noise...), so that what one part of
 * the model draws never shifts what another part sees. Two runs with the same seed and different
 * strategies therefore see exactly the same requests (common random numbers), which makes their
 * comparison sharp.
 *
 * <pre>{@code
 * RandomStreams streams = new RandomStreams(42);
 * SplittableRandom arrivals = streams.stream(RandomStreams.ARRIVALS, 0);
 * }</pre>
 */
public final class RandomStreams {
  /** Stream of inter-arrival times and balancer choice. */
  public static final int ARRIVALS = 1;

  /** Stream of request sizes. */
  public static final int SIZES = 2;

  /** Stream of affinity keys. */
  public static final int KEYS = 3;

  /** Streams of background load, one per backend. */
  public static final int BACKGROUND = 4;

  /** Stream of noise added to host metrics. */
  public static final int METRIC_NOISE = 5;

  /** Streams handed to strategies, one per balancer. */
  public static final int STRATEGY = 6;

  private final long seed;

  /** Streams derived from {@code seed}. */
  public RandomStreams(long seed) {
    this.seed = seed;
  }

  /** The run seed. */
  public long seed() {
    return seed;
  }

  /** The seed of stream ({@code purpose}, {@code index}): well mixed, distinct per pair. */
  public long streamSeed(int purpose, int index) {
    long z = seed ^ mix64(((long) purpose << 32) ^ (index & 0xffffffffL) ^ 0x2545F4914F6CDD1DL);
    return mix64(z + 0x9e3779b97f4a7c15L);
  }

  /** A fresh generator for stream ({@code purpose}, {@code index}). */
  public SplittableRandom stream(int purpose, int index) {
    return new SplittableRandom(streamSeed(purpose, index));
  }

  /** SplitMix64's finaliser: a bijective, well-mixing function of a long. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
