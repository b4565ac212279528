package io.github.fulcrumlb.api;

/**
 * Creates {@link Strategy} instances of one kind and names them, so that strategies are found by
 * name through {@link java.util.ServiceLoader}.
 *
 * <p>To plug in a strategy, implement this interface with a public no-argument constructor and list
 * the class in {@code META-INF/services/io.github.fulcrumlb.api.StrategyProvider}:
 *
 * <pre>{@code
 * public final class FastestProvider implements StrategyProvider {
 *   public String name() { return "fastest"; }
 *   public String description() { return "Always the backend with the lowest latency average"; }
 *   public Strategy create(StrategyContext context) { return new FastestStrategy(context); }
 * }
 * }</pre>
 */
public interface StrategyProvider {

  /** Unique name, lower-case words joined by hyphens, e.g. {@code "weighted-round-robin"}. */
  String name();

  /** One line saying what the strategy does and when to use it. */
  String description();

  /**
   * A new, independent strategy instance.
   *
   * @param context options, clock and randomness for the instance
   * @throws IllegalArgumentException if an option is unknown or invalid
   */
  Strategy create(StrategyContext context);
}
