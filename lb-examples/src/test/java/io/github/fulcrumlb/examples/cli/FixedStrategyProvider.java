package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.StrategyProvider;

/**
 * Test provider registered in this module's test {@code META-INF/services}, so that {@code fulcrum
 * strategies} has something to list whether or not lb-core ships strategies yet.
 */
public class FixedStrategyProvider implements StrategyProvider {

  @Override
  public String name() {
    return "test-always-first";
  }

  @Override
  public String description() {
    return "Always the first backend (test only)";
  }

  @Override
  public Strategy create(StrategyContext context) {
    context.requireOnly(name(), java.util.List.of());
    String name = name();
    return new Strategy() {
      private volatile ClusterSnapshot cluster = ClusterSnapshot.EMPTY;

      @Override
      public String name() {
        return name;
      }

      @Override
      public void update(ClusterSnapshot newCluster) {
        cluster = newCluster;
      }

      @Override
      public Endpoint tryPick(long key) {
        ClusterSnapshot c = cluster;
        if (c.isEmpty()) {
          return null;
        }
        return c.endpoint(0);
      }
    };
  }

  /** A second test provider with a short name, to check that descriptions line up. */
  public static final class ShortName extends FixedStrategyProvider {
    @Override
    public String name() {
      return "t1";
    }

    @Override
    public String description() {
      return "Short-named twin (test only)";
    }
  }
}
