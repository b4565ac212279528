package io.github.fulcrumlb.api;

/**
 * Test provider that claims {@link EchoStrategyProvider}'s name. Deliberately not in this module's
 * {@code META-INF/services}: tests register it through a separate class loader.
 */
public final class ImpostorEchoStrategyProvider implements StrategyProvider {

  @Override
  public String name() {
    return EchoStrategyProvider.NAME;
  }

  @Override
  public String description() {
    return "Claims a name that is already taken (test only)";
  }

  @Override
  public Strategy create(StrategyContext context) {
    throw new UnsupportedOperationException("never created");
  }
}
