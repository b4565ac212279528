package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.StrategyProvider;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fulcrum strategies}: lists every strategy on the class path, one {@code name description}
 * line each, names padded so that descriptions line up.
 */
@Command(
    name = "strategies",
    mixinStandardHelpOptions = true,
    description = "List the load-balancing strategies found on the class path.")
public final class StrategiesCommand implements Callable<Integer> {

  private final Supplier<List<StrategyProvider>> providers;

  @Spec private CommandSpec spec;

  /** Lists the providers {@link Strategies#providers()} finds. */
  public StrategiesCommand() {
    this(Strategies::providers);
  }

  /** Lists the providers {@code providers} supplies (tests). */
  StrategiesCommand(Supplier<List<StrategyProvider>> providers) {
    this.providers = providers;
  }

  @Override
  public Integer call() {
    List<StrategyProvider> all = providers.get();
    if (all.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "No strategy found on the class path: no jar lists one in META-INF/services/"
              + StrategyProvider.class.getName()
              + " (lb-core ships the built-in strategies).");
      err.flush();
      return FulcrumCli.EXIT_FAILURE;
    }
    int width = 0;
    for (StrategyProvider p : all) {
      width = Math.max(width, p.name().length());
    }
    PrintWriter out = spec.commandLine().getOut();
    for (StrategyProvider p : all) {
      out.println(p.name() + " ".repeat(width - p.name().length() + 2) + p.description());
    }
    out.flush();
    return 0;
  }
}
