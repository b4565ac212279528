package io.github.fulcrumlb.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A strategy named with options in brackets, as a command line or config file writes it: {@code
 * p2c}, {@code rl[online=false]}, {@code rl[scan=8,stale-after=20s]}. Use it to compare variants of
 * one strategy side by side, each labelled exactly as written.
 *
 * <p>Syntax: {@code NAME} or {@code NAME[KEY=VALUE,KEY=VALUE,...]}. Names, keys and values are
 * trimmed; a key must be unique and not empty, a value must not be empty and may contain {@code =}
 * but not {@code ,}, {@code [} or {@code ]}. Whether the strategy knows the options is its own
 * business: {@link StrategyProvider#create} rejects unknown ones ({@link
 * StrategyContext#requireOnly}). A list of specs ({@link #parseList}) is split at the commas
 * outside brackets.
 *
 * <pre>{@code
 * for (StrategySpec spec : StrategySpec.parseList("rl,rl[online=false,scan=8],p2c")) {
 *   Strategy s = Strategies.create(spec.name(),
 *       StrategyContext.builder().options(spec.optionsOver(defaultsFromConfig)).build());
 *   rows.put(spec.label(), s); // "rl", "rl[online=false,scan=8]", "p2c"
 * }
 * }</pre>
 */
public final class StrategySpec {
  private final String label;
  private final String name;
  private final Map<String, String> options;

  private StrategySpec(String label, String name, Map<String, String> options) {
    this.label = label;
    this.name = name;
    this.options = Collections.unmodifiableMap(options);
  }

  /**
   * Reads one spec.
   *
   * @throws IllegalArgumentException naming the spec and what is wrong with it: an empty name, an
   *     unclosed or stray bracket, text after the closing bracket, empty brackets, an option
   *     without {@code =}, an empty key or value, or a key given twice
   */
  public static StrategySpec parse(String text) {
    Checks.nonNull("strategy spec", text);
    String label = text.strip();
    int open = label.indexOf('[');
    String name = (open < 0 ? label : label.substring(0, open)).strip();
    if (name.isEmpty()) {
      throw invalid(label, "has no strategy name");
    }
    if (open < 0 && name.indexOf(']') >= 0) {
      throw invalid(label, "has a ']' without '['");
    }
    if (name.indexOf(']') >= 0 || name.indexOf('=') >= 0 || name.indexOf(',') >= 0) {
      throw invalid(label, "is not NAME or NAME[KEY=VALUE,...]");
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (open >= 0) {
      if (label.indexOf('[', open + 1) >= 0) {
        throw invalid(label, "has a '[' inside its brackets");
      }
      int close = label.indexOf(']', open);
      if (close < 0) {
        throw invalid(label, "has no closing ']'");
      }
      if (close != label.length() - 1) {
        throw invalid(label, "has text after its closing ']'");
      }
      String inside = label.substring(open + 1, close);
      if (inside.isBlank()) {
        throw invalid(label, "has empty brackets: remove them or give KEY=VALUE options");
      }
      for (String option : inside.split(",", -1)) {
        int eq = option.indexOf('=');
        if (eq < 0) {
          throw invalid(
              label, "has option \"" + option.strip() + "\" without '=': write KEY=VALUE");
        }
        String key = option.substring(0, eq).strip();
        String value = option.substring(eq + 1).strip();
        if (key.isEmpty()) {
          throw invalid(label, "has an option with an empty key: write KEY=VALUE");
        }
        if (value.isEmpty()) {
          throw invalid(label, "has option \"" + key + "\" with an empty value");
        }
        if (options.putIfAbsent(key, value) != null) {
          throw invalid(label, "gives option \"" + key + "\" twice");
        }
      }
    }
    return new StrategySpec(label, name, options);
  }

  /**
   * Reads a comma-separated list of specs; commas inside brackets separate options, not specs.
   *
   * @throws IllegalArgumentException if the list or an item is empty, or an item is not a valid
   *     spec ({@link #parse})
   */
  public static List<StrategySpec> parseList(String text) {
    List<StrategySpec> out = new ArrayList<>();
    for (String item : splitList(text)) {
      out.add(parse(item));
    }
    return List.copyOf(out);
  }

  /**
   * The items of a comma-separated list whose items may contain commas inside brackets, trimmed but
   * otherwise as written: {@code "rl[a=1,b=2], p2c"} gives {@code ["rl[a=1,b=2]", "p2c"]}.
   *
   * @throws IllegalArgumentException if an item is empty (a doubled, leading or trailing comma) or
   *     a bracket is not closed
   */
  public static List<String> splitList(String text) {
    Checks.nonNull("strategy list", text);
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ',';
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth = Math.max(0, depth - 1);
      } else if (c == ',' && (depth == 0 || i == text.length())) {
        String item = text.substring(start, i).strip();
        if (depth > 0) {
          throw invalid(item, "has no closing ']'");
        }
        if (item.isEmpty()) {
          throw new IllegalArgumentException(
              "Strategy list \""
                  + text
                  + "\" has an empty item: remove the doubled, leading or trailing comma");
        }
        out.add(item);
        start = i + 1;
      }
    }
    return out;
  }

  /** The strategy's name: the text before the brackets, e.g. {@code rl}. */
  public String name() {
    return name;
  }

  /** The options in the brackets, in the order written; empty without brackets. Unmodifiable. */
  public Map<String, String> options() {
    return options;
  }

  /** The spec exactly as written (trimmed), e.g. {@code rl[online=false]}: a row's label. */
  public String label() {
    return label;
  }

  /**
   * {@code base} with this spec's options put over it: an option in the brackets wins over the same
   * option from elsewhere (a config file, another flag). Returns a new modifiable map.
   */
  public Map<String, String> optionsOver(Map<String, String> base) {
    Map<String, String> merged = new LinkedHashMap<>(Checks.nonNull("base options", base));
    merged.putAll(options);
    return merged;
  }

  private static IllegalArgumentException invalid(String spec, String why) {
    return new IllegalArgumentException("Strategy spec \"" + spec + "\" " + why);
  }

  /** Equal when written the same way (labels equal). */
  @Override
  public boolean equals(Object o) {
    return o instanceof StrategySpec other && label.equals(other.label);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label);
  }

  @Override
  public String toString() {
    return label;
  }
}
