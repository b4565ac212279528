package io.github.fulcrumlb.core.strategy;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.StrategyContext;
import java.util.List;

/**
 * Random: each pick draws a backend at random with probability proportional to its effective
 * weight, independently of load.
 *
 * <p>Use it where picks must not be correlated across balancers or requests and load feedback is
 * not available; it needs no shared counter. With equal weights a pick is one uniform draw; with
 * unequal weights it uses an alias table (Walker, Vose) built in {@code update}, so a pick is still
 * O(1): one 64-bit draw chooses a column and a biased coin within it.
 *
 * <p>No options.
 *
 * <pre>{@code
 * Strategy random = Strategies.create("random");
 * random.update(ClusterSnapshot.of(endpoints));
 * Endpoint e = random.pick(0L);
 * }</pre>
 */
public final class RandomStrategy extends SnapshotStrategy<RandomStrategy.Picker> {

  /** The name this strategy is registered under. */
  public static final String NAME = "random";

  private static final double TWO_TO_32 = 0x1p32;

  private final RandomSource random;

  /**
   * A strategy with the context's randomness.
   *
   * @param context options, clock and randomness
   * @throws IllegalArgumentException if the context holds any option
   */
  public RandomStrategy(StrategyContext context) {
    super(NAME);
    context.requireOnly(NAME, List.of());
    this.random = context.random();
  }

  @Override
  Picker build(ClusterSnapshot cluster, Picker current) {
    if (current != null && sameEndpoints(current.endpoints, cluster)) {
      return current;
    }
    Endpoint[] endpoints = cluster.endpoints().toArray(new Endpoint[0]);
    return Picker.of(endpoints);
  }

  @Override
  public Endpoint tryPick(long key) {
    Picker p = picker();
    if (p == null) {
      return null;
    }
    Endpoint[] endpoints = p.endpoints;
    if (p.thresholds == null) {
      return endpoints[random.nextInt(endpoints.length)];
    }
    long bits = random.nextLong();
    // High 32 bits choose the column (multiply-shift), low 32 bits are the coin.
    int column = (int) (((bits >>> 32) * endpoints.length) >>> 32);
    return (bits & 0xFFFF_FFFFL) < p.thresholds[column]
        ? endpoints[column]
        : endpoints[p.aliases[column]];
  }

  /**
   * The backends and, when their weights differ, an alias table: column {@code c} keeps its own
   * backend with probability {@code thresholds[c] / 2^32} and otherwise sends to {@code
   * aliases[c]}.
   */
  static final class Picker {
    final Endpoint[] endpoints;
    final long[] thresholds; // null when all weights are equal
    final int[] aliases;

    private Picker(Endpoint[] endpoints, long[] thresholds, int[] aliases) {
      this.endpoints = endpoints;
      this.thresholds = thresholds;
      this.aliases = aliases;
    }

    static Picker of(Endpoint[] endpoints) {
      int n = endpoints.length;
      double total = 0;
      boolean equal = true;
      for (Endpoint e : endpoints) {
        total += e.weight();
        equal &= e.weight() == endpoints[0].weight();
      }
      if (equal) {
        return new Picker(endpoints, null, null);
      }
      // Vose's method: scaled probabilities n * w / W average 1; pair each column below 1 with
      // one above 1 that donates the rest of the column.
      double[] scaled = new double[n];
      int[] small = new int[n];
      int[] large = new int[n];
      int smallCount = 0;
      int largeCount = 0;
      for (int i = 0; i < n; i++) {
        scaled[i] = endpoints[i].weight() * n / total;
        if (scaled[i] < 1.0) {
          small[smallCount++] = i;
        } else {
          large[largeCount++] = i;
        }
      }
      long[] thresholds = new long[n];
      int[] aliases = new int[n];
      while (smallCount > 0 && largeCount > 0) {
        int s = small[--smallCount];
        int l = large[--largeCount];
        thresholds[s] = Math.round(scaled[s] * TWO_TO_32);
        aliases[s] = l;
        scaled[l] -= 1.0 - scaled[s];
        if (scaled[l] < 1.0) {
          small[smallCount++] = l;
        } else {
          large[largeCount++] = l;
        }
      }
      // Whatever is left is 1 up to rounding: those columns always keep their own backend.
      while (largeCount > 0) {
        int l = large[--largeCount];
        thresholds[l] = 1L << 32;
        aliases[l] = l;
      }
      while (smallCount > 0) {
        int s = small[--smallCount];
        thresholds[s] = 1L << 32;
        aliases[s] = s;
      }
      return new Picker(endpoints, thresholds, aliases);
    }
  }

  /** Registers {@code random}. */
  public static final class Provider extends NamedStrategyProvider {
    /** Required by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(
          NAME,
          "A random backend per pick, weighted by effective weight; needs no shared state",
          RandomStrategy::new);
    }
  }
}
