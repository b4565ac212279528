package io.github.fulcrumlb.api;

import java.util.List;

/**
 * Test provider registered in this module's test {@code META-INF/services}: its strategy always
 * picks the first endpoint and takes one option, {@code "label"}.
 */
public final class EchoStrategyProvider implements StrategyProvider {

  static final String NAME = "test-echo";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Always the first backend (test only)";
  }

  @Override
  public Strategy create(StrategyContext context) {
    context.requireOnly(NAME, List.of("label"));
    return new EchoStrategy(context.stringOption("label", NAME));
  }

  /** Picks the first endpoint of the last snapshot. */
  static final class EchoStrategy implements Strategy {
    private final String label;
    private volatile ClusterSnapshot cluster = ClusterSnapshot.EMPTY;

    EchoStrategy(String label) {
      this.label = label;
    }

    @Override
    public String name() {
      return label;
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
  }
}
