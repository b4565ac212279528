package io.github.fulcrumlb.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code fulcrum} command: a picocli parent command whose work is done by subcommands.
 *
 * <pre>{@code
 * java -jar lb-examples/target/lb-examples-0.1.0-SNAPSHOT.jar strategies
 * ./fulcrum strategies
 * }</pre>
 *
 * <p>To add a subcommand, write a class of its own in this package and list it in {@code
 * subcommands} below.
 */
@Command(
    name = "fulcrum",
    mixinStandardHelpOptions = true,
    versionProvider = FulcrumVersion.class,
    description = "Fulcrum: an embeddable Java load balancer with pluggable strategies.",
    subcommands = {
      DemoCommand.class,
      StrategiesCommand.class,
      SimulateCommand.class,
      TrainCommand.class,
      UdpCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FulcrumCli implements Callable<Integer> {

  /** Exit code of a subcommand whose work failed (as opposed to a usage error, which is 2). */
  public static final int EXIT_FAILURE = 1;

  @Spec private CommandSpec spec;

  /**
   * Runs the command line and exits the JVM with its exit code. Sets {@code ai.djl.offline=true}
   * before anything else, so that DJL, once a subcommand loads it, never goes online.
   */
  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", "true");
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for {@link #main} and for tests that set their own writers. */
  public static CommandLine commandLine() {
    return new CommandLine(new FulcrumCli())
        .setExecutionExceptionHandler(FulcrumCli::reportFailure);
  }

  /** Without a subcommand there is nothing to do: a usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /**
   * Known failures (bad input, nothing to work with, a file that cannot be read or written) as one
   * line; anything else with its trace.
   */
  private static int reportFailure(Exception ex, CommandLine cl, ParseResult parsed)
      throws Exception {
    String message;
    if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
      message = ex.getMessage();
    } else if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
      Throwable io = ex instanceof java.io.UncheckedIOException ? ex.getCause() : ex;
      message = io.getClass().getSimpleName() + ": " + io.getMessage();
    } else {
      throw ex;
    }
    PrintWriter err = cl.getErr();
    err.println(
        cl.getColorScheme()
            .errorText(
                cl.getCommandSpec().qualifiedName()
                    + ": "
                    + message.replaceAll("\\s*\\R\\s*", " ")));
    err.flush();
    return EXIT_FAILURE;
  }
}
