package io.github.fulcrumlb.api;

/**
 * Power of two choices, the data-plane step that {@code p2c}, {@code least-load}, {@code peak-ewma}
 * and {@code rl}'s fallback share: draw two distinct backends uniformly at random and keep the
 * cheaper. Allocation-free and lock-free; the costs are read, never written.
 *
 * <pre>{@code
 * // costFactors precomputed in update(): e.g. 1 / weight
 * int chosen = TwoChoices.lowerLoad(random, loads, costFactors);
 * return endpoints[chosen];
 * }</pre>
 */
public final class TwoChoices {
  private TwoChoices() {}

  /**
   * A second index, uniform over {@code [0, n)} without {@code first}: with {@code first} itself
   * uniform, the pair is a uniform draw of two distinct indices. {@code n >= 2}.
   */
  public static int other(RandomSource random, int n, int first) {
    int j = random.nextInt(n - 1);
    return j >= first ? j + 1 : j;
  }

  /**
   * The index, of two distinct random ones, with the lower {@code (inFlight + 1) * costFactor}; the
   * first drawn on a tie. A single backend is returned without drawing.
   *
   * @param loads the backends' live counters, at least one
   * @param costFactors per backend, aligned with {@code loads}: e.g. {@code 1 / weight}, or a
   *     learned or metrics-derived cost computed off the hot path
   */
  public static int lowerLoad(RandomSource random, LoadTracker[] loads, double[] costFactors) {
    int n = loads.length;
    if (n == 1) {
      return 0;
    }
    int i = random.nextInt(n);
    int j = other(random, n, i);
    double costI = (loads[i].inFlight() + 1.0) * costFactors[i];
    double costJ = (loads[j].inFlight() + 1.0) * costFactors[j];
    return costJ < costI ? j : i;
  }
}
