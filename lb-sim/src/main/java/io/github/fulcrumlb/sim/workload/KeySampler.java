package io.github.fulcrumlb.sim.workload;

import io.github.fulcrumlb.sim.engine.RandomStreams;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws the 64-bit affinity key hash of each request from a {@link KeySpec}. A Zipf distribution is
 * sampled by binary search over a precomputed cumulative table, so a draw costs a few dozen
 * nanoseconds and allocates nothing. Not thread-safe.
 */
public final class KeySampler {
  private final KeySpec spec;
  private final SplittableRandom random;
  private final double[] cumulative;

  /** A sampler of {@code spec} drawing from {@code random}. */
  public KeySampler(KeySpec spec, SplittableRandom random) {
    this.spec = spec;
    this.random = random;
    if (spec.count() > 0 && spec.zipfExponent() > 0) {
      double[] c = new double[spec.count()];
      double sum = 0;
      for (int i = 0; i < c.length; i++) {
        sum += Math.pow(i + 1, -spec.zipfExponent());
        c[i] = sum;
      }
      for (int i = 0; i < c.length; i++) {
        c[i] /= sum;
      }
      cumulative = c;
    } else {
      cumulative = null;
    }
  }

  /** The next request's key hash. */
  public long next() {
    if (spec.count() == 0) {
      return random.nextLong();
    }
    int index;
    if (cumulative == null) {
      index = random.nextInt(spec.count());
    } else {
      int found = Arrays.binarySearch(cumulative, random.nextDouble());
      index = Math.min(found >= 0 ? found : -found - 1, cumulative.length - 1);
    }
    return RandomStreams.mix64(index + 0x632BE59BD9B4E019L);
  }
}
