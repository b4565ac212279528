package io.github.fulcrumlb.sim.workload;

import java.util.SplittableRandom;

/**
 * How much work a request carries, in work units: a backend of rate {@code r} serves a request of
 * size {@code s} in {@code s / r} seconds (slower while background load or a slowdown fault holds
 * it). Immutable; sampling draws from the given generator only.
 *
 * <pre>{@code
 * SizeDistribution sizes = new SizeDistribution.Pareto(1.5, 0.01); // 10 ms mean at rate 1
 * double s = sizes.sample(random);
 * }</pre>
 */
public sealed interface SizeDistribution {

  /** Mean size in work units. */
  double mean();

  /** One size, {@code >= 0}. */
  double sample(SplittableRandom random);

  /** A short description such as {@code pareto(shape=1.5, mean=0.01)}. */
  String describe();

  /**
   * Exponentially distributed sizes (memoryless service: M/M/c queues).
   *
   * @param mean mean size, {@code > 0}
   */
  record Exponential(double mean) implements SizeDistribution {
    /** Validates the mean. */
    public Exponential {
      if (!(mean > 0) || Double.isInfinite(mean)) {
        throw new IllegalArgumentException("mean must be a finite number > 0 but was " + mean);
      }
    }

    @Override
    public double sample(SplittableRandom random) {
      return -mean * Math.log(1.0 - random.nextDouble());
    }

    @Override
    public String describe() {
      return "exponential(mean=" + mean + ")";
    }
  }

  /**
   * Pareto (power-law) sizes: most requests are small, a few are huge. The scale is derived from
   * the shape and the mean: {@code scale = mean * (shape - 1) / shape}.
   *
   * @param shape tail index, {@code > 1} (smaller means heavier; below 2 the variance is infinite)
   * @param mean mean size, {@code > 0}
   */
  record Pareto(double shape, double mean) implements SizeDistribution {
    /** Validates shape and mean. */
    public Pareto {
      if (!(shape > 1) || Double.isInfinite(shape)) {
        throw new IllegalArgumentException("shape must be a finite number > 1 but was " + shape);
      }
      if (!(mean > 0) || Double.isInfinite(mean)) {
        throw new IllegalArgumentException("mean must be a finite number > 0 but was " + mean);
      }
    }

    /** The smallest possible size. */
    public double scale() {
      return mean * (shape - 1) / shape;
    }

    @Override
    public double sample(SplittableRandom random) {
      return scale() * Math.pow(1.0 - random.nextDouble(), -1.0 / shape);
    }

    @Override
    public String describe() {
      return "pareto(shape=" + shape + ", mean=" + mean + ")";
    }
  }

  /**
   * Two kinds of request: small ones and, with probability {@code largeFraction}, large ones.
   *
   * @param small size of a small request, {@code >= 0}
   * @param large size of a large request, {@code >= small}
   * @param largeFraction probability of a large request, in [0, 1]
   */
  record Bimodal(double small, double large, double largeFraction) implements SizeDistribution {
    /** Validates the sizes and the fraction. */
    public Bimodal {
      if (!(small >= 0) || !(large >= small) || Double.isInfinite(large)) {
        throw new IllegalArgumentException(
            "sizes must satisfy 0 <= small <= large < infinity but were " + small + ", " + large);
      }
      if (!(largeFraction >= 0 && largeFraction <= 1)) {
        throw new IllegalArgumentException(
            "largeFraction must be in [0, 1] but was " + largeFraction);
      }
      if (small * (1 - largeFraction) + large * largeFraction <= 0) {
        throw new IllegalArgumentException("mean size must be > 0");
      }
    }

    @Override
    public double mean() {
      return small * (1 - largeFraction) + large * largeFraction;
    }

    @Override
    public double sample(SplittableRandom random) {
      return random.nextDouble() < largeFraction ? large : small;
    }

    @Override
    public String describe() {
      return "bimodal(small="
          + small
          + ", large="
          + large
          + ", largeFraction="
          + largeFraction
          + ")";
    }
  }

  /**
   * Every request has the same size (deterministic service: M/D/c queues).
   *
   * @param mean the size, {@code > 0}
   */
  record Constant(double mean) implements SizeDistribution {
    /** Validates the size. */
    public Constant {
      if (!(mean > 0) || Double.isInfinite(mean)) {
        throw new IllegalArgumentException("size must be a finite number > 0 but was " + mean);
      }
    }

    @Override
    public double sample(SplittableRandom random) {
      return mean;
    }

    @Override
    public String describe() {
      return "constant(" + mean + ")";
    }
  }
}
