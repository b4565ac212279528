package io.github.fulcrumlb.sim;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import java.util.function.Function;

/**
 * Textbook strategies for checking the simulator against queueing theory independently of lb-core's
 * implementations: uniform random, and power of d choices sampled with replacement on this
 * balancer's in-flight counts (ties broken at random), as in the supermarket model.
 */
public final class TestStrategies {
  private TestStrategies() {}

  /** Uniform random choice. */
  public static Function<StrategyContext, Strategy> random() {
    return ctx -> new PowerOfD("test-random", 1, ctx.random());
  }

  /** Power of two choices on in-flight counts. */
  public static Function<StrategyContext, Strategy> powerOfTwo() {
    return ctx -> new PowerOfD("test-p2c", 2, ctx.random());
  }

  private static final class PowerOfD implements Strategy {
    private final String name;
    private final int d;
    private final RandomSource random;
    private volatile Endpoint[] endpoints = new Endpoint[0];

    PowerOfD(String name, int d, RandomSource random) {
      this.name = name;
      this.d = d;
      this.random = random;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void update(ClusterSnapshot cluster) {
      endpoints = cluster.endpoints().toArray(new Endpoint[0]);
    }

    @Override
    public Endpoint tryPick(long key) {
      Endpoint[] eps = endpoints;
      Endpoint best = eps[random.nextInt(eps.length)];
      int ties = 1;
      for (int i = 1; i < d; i++) {
        Endpoint e = eps[random.nextInt(eps.length)];
        int a = e.load().inFlight();
        int b = best.load().inFlight();
        if (a < b) {
          best = e;
          ties = 1;
        } else if (a == b && random.nextInt(++ties) == 0) {
          best = e;
        }
      }
      return best;
    }
  }
}
