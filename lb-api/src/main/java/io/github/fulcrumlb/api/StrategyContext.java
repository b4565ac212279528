package io.github.fulcrumlb.api;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a {@link StrategyProvider} needs to create a strategy: string options (as given on a command
 * line or in a config file), a {@link TimeSource} and a {@link RandomSource}.
 *
 * <p>Options are read through typed accessors that validate and name the option in their errors;
 * providers call {@link #requireOnly} first so that a misspelt option is an error, not a silent
 * default.
 *
 * <pre>{@code
 * StrategyContext ctx = StrategyContext.builder()
 *     .option("stale-after", "20s")
 *     .random(seededRandom)
 *     .build();
 * Strategy s = Strategies.create("least-load", ctx);
 * }</pre>
 */
public final class StrategyContext {

  /** Default context: no options, system clocks, thread-local randomness. */
  public static final StrategyContext DEFAULT = builder().build();

  private final Map<String, String> options;
  private final TimeSource time;
  private final RandomSource random;

  private StrategyContext(Builder b) {
    this.options = Map.copyOf(b.options);
    this.time = b.time;
    this.random = b.random;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The clock strategies read time from. */
  public TimeSource time() {
    return time;
  }

  /** The randomness strategies draw from. */
  public RandomSource random() {
    return random;
  }

  /** All options, unmodifiable. */
  public Map<String, String> options() {
    return options;
  }

  /**
   * Rejects options the strategy does not know.
   *
   * @throws IllegalArgumentException naming the unknown option and the known ones
   */
  public void requireOnly(String strategy, Collection<String> known) {
    for (String key : options.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "Strategy "
                + Checks.quote(strategy)
                + " has no option "
                + Checks.quote(key)
                + "; known options: "
                + (known.isEmpty() ? "none" : new TreeSet<>(known)));
      }
    }
  }

  /** The option's text, or {@code defaultValue} when absent. */
  public String stringOption(String key, String defaultValue) {
    return options.getOrDefault(key, defaultValue);
  }

  /**
   * The option as a boolean ({@code true} or {@code false}, any case), or {@code defaultValue} when
   * absent.
   *
   * @throws IllegalArgumentException naming the option if it is neither
   */
  public boolean booleanOption(String key, boolean defaultValue) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    String t = text.trim();
    if (t.equalsIgnoreCase("true")) {
      return true;
    }
    if (t.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(
        "Option " + Checks.quote(key) + " must be true or false but was " + Checks.quote(text));
  }

  /**
   * The option as a double in [min, max], or {@code defaultValue} when absent.
   *
   * @throws IllegalArgumentException naming the option if it is not a number or out of range
   */
  public double doubleOption(String key, double defaultValue, double min, double max) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Option " + Checks.quote(key) + " must be a number but was " + Checks.quote(text), e);
    }
    return Checks.inRange("Option " + Checks.quote(key), value, min, max);
  }

  /**
   * The option as an int in [min, max], or {@code defaultValue} when absent.
   *
   * @throws IllegalArgumentException naming the option if it is not an integer or out of range
   */
  public int intOption(String key, int defaultValue, int min, int max) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Option " + Checks.quote(key) + " must be an integer but was " + Checks.quote(text), e);
    }
    return (int) Checks.inRange("Option " + Checks.quote(key), value, min, max);
  }

  /**
   * The option as a duration ({@code 250ms}, {@code 10s}, {@code 2m}, {@code 1h}, or ISO-8601 such
   * as {@code PT10S}, read by {@link DurationText}) in [min, max], or {@code defaultValue} when
   * absent.
   *
   * @throws IllegalArgumentException naming the option if it cannot be parsed or is out of range
   */
  public Duration durationOption(String key, Duration defaultValue, Duration min, Duration max) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    Duration value = DurationText.parse("Option " + Checks.quote(key), text);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "Option "
              + Checks.quote(key)
              + " must be in ["
              + min
              + ", "
              + max
              + "] but was "
              + Checks.quote(text));
    }
    return value;
  }

  @Override
  public String toString() {
    return "StrategyContext{options=" + options + ", time=" + time + ", random=" + random + '}';
  }

  /** Builder of {@link StrategyContext}; defaults: no options, system time, thread-local random. */
  public static final class Builder {
    private final Map<String, String> options = new LinkedHashMap<>();
    private TimeSource time = TimeSource.SYSTEM;
    private RandomSource random = RandomSource.threadLocal();

    private Builder() {}

    /** Sets one option; a blank key or a null value is rejected. */
    public Builder option(String key, String value) {
      Checks.nonBlank("StrategyContext option key", key);
      Checks.nonNull("StrategyContext option " + Checks.quote(key), value);
      options.put(key, value);
      return this;
    }

    /** Sets several options. */
    public Builder options(Map<String, String> values) {
      Checks.nonNull("StrategyContext options", values).forEach(this::option);
      return this;
    }

    /** The clock strategies read. */
    public Builder time(TimeSource value) {
      this.time = Checks.nonNull("StrategyContext.time", value);
      return this;
    }

    /** The randomness strategies draw from. */
    public Builder random(RandomSource value) {
      this.random = Checks.nonNull("StrategyContext.random", value);
      return this;
    }

    /** The context. */
    public StrategyContext build() {
      return new StrategyContext(this);
    }
  }
}
