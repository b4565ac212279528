package io.github.fulcrumlb.core.strategy;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.StrategyProvider;
import java.util.function.Function;

/** What each built-in strategy's {@code Provider} is: a name, a description and a constructor. */
abstract class NamedStrategyProvider implements StrategyProvider {
  private final String name;
  private final String description;
  private final Function<StrategyContext, Strategy> factory;

  NamedStrategyProvider(
      String name, String description, Function<StrategyContext, Strategy> factory) {
    this.name = checkNotNull(name, "name");
    this.description = checkNotNull(description, "description");
    this.factory = checkNotNull(factory, "factory");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Strategy create(StrategyContext context) {
    return factory.apply(checkNotNull(context, "context"));
  }

  @Override
  public String toString() {
    return "StrategyProvider[" + name + "]";
  }
}
