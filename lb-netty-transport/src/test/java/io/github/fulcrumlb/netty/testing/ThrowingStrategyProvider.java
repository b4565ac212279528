package io.github.fulcrumlb.netty.testing;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.StrategyProvider;

/** Tests only: strategy {@value #NAME}, whose every pick throws (a third-party strategy's bug). */
public final class ThrowingStrategyProvider implements StrategyProvider {
  /** Its registered name. */
  public static final String NAME = "test-throws-on-pick";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "tests only: every pick throws";
  }

  @Override
  public Strategy create(StrategyContext context) {
    return new Strategy() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public void update(ClusterSnapshot cluster) {}

      @Override
      public Endpoint tryPick(long key) {
        throw new IllegalStateException("a strategy bug");
      }
    };
  }
}
