package io.github.fulcrumlb.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds strategies by name among the {@link StrategyProvider}s on the class path ({@link
 * ServiceLoader}).
 *
 * <pre>{@code
 * for (StrategyProvider p : Strategies.providers()) {
 *   System.out.println(p.name() + "  " + p.description());
 * }
 * Strategy rr = Strategies.create("round-robin");
 * }</pre>
 */
public final class Strategies {
  private Strategies() {}

  /**
   * Every provider visible to the context class loader (or this class's loader), sorted by name.
   *
   * @throws IllegalStateException if two providers claim the same name
   */
  public static List<StrategyProvider> providers() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Strategies.class.getClassLoader();
    }
    return providers(loader);
  }

  /**
   * Every provider visible to {@code loader}, sorted by name.
   *
   * @throws IllegalStateException if two providers claim the same name
   */
  public static List<StrategyProvider> providers(ClassLoader loader) {
    Map<String, StrategyProvider> byName = new TreeMap<>();
    for (StrategyProvider p : ServiceLoader.load(StrategyProvider.class, loader)) {
      StrategyProvider previous = byName.putIfAbsent(p.name(), p);
      if (previous != null && previous.getClass() != p.getClass()) {
        throw new IllegalStateException(
            "Two strategy providers are named "
                + Checks.quote(p.name())
                + ": "
                + previous.getClass().getName()
                + " and "
                + p.getClass().getName());
      }
    }
    List<StrategyProvider> sorted = new ArrayList<>(byName.values());
    sorted.sort(Comparator.comparing(StrategyProvider::name));
    return List.copyOf(sorted);
  }

  /**
   * The provider of that name.
   *
   * @throws IllegalArgumentException naming the known strategies if there is none
   */
  public static StrategyProvider provider(String name) {
    Checks.nonBlank("strategy name", name);
    List<StrategyProvider> all = providers();
    for (StrategyProvider p : all) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    List<String> names = new ArrayList<>();
    all.forEach(p -> names.add(p.name()));
    throw new IllegalArgumentException(
        "Unknown strategy "
            + Checks.quote(name)
            + "; known strategies: "
            + (names.isEmpty() ? "none (is lb-core on the class path?)" : names));
  }

  /**
   * A new instance of the named strategy with the {@linkplain StrategyContext#DEFAULT defaults}.
   */
  public static Strategy create(String name) {
    return create(name, StrategyContext.DEFAULT);
  }

  /** A new instance of the named strategy. */
  public static Strategy create(String name, StrategyContext context) {
    return provider(name).create(Checks.nonNull("context", context));
  }
}
