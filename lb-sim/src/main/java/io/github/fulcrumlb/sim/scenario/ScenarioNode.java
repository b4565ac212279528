package io.github.fulcrumlb.sim.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A node of a parsed scenario file with its dotted path and line, offering typed reads whose errors
 * are {@link ScenarioException}s naming file, line and field.
 */
final class ScenarioNode {
  private final String file;
  private final String path;
  private final Node node;
  private final Map<String, ScenarioNode> children;

  ScenarioNode(String file, String path, Node node) {
    this.file = file;
    this.path = path;
    this.node = node;
    if (node instanceof MappingNode map) {
      Map<String, ScenarioNode> c = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode key)) {
          throw new ScenarioNode(file, path, t.getKeyNode()).error("keys must be plain words");
        }
        String name = key.getValue();
        ScenarioNode child = new ScenarioNode(file, join(path, name), t.getValueNode());
        if (c.putIfAbsent(name, child) != null) {
          throw new ScenarioNode(file, join(path, name), key).error("appears twice");
        }
      }
      children = c;
    } else {
      children = Map.of();
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  String path() {
    return path;
  }

  int line() {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  ScenarioException error(String problem) {
    return new ScenarioException(file, line(), path, problem);
  }

  boolean isMap() {
    return node instanceof MappingNode;
  }

  /** Requires a mapping whose keys are all among {@code known}. */
  ScenarioNode requireMap(String... known) {
    if (!isMap()) {
      throw error("must be a mapping of fields (key: value)");
    }
    Set<String> allowed = Set.of(known);
    for (Map.Entry<String, ScenarioNode> e : children.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw e.getValue().error("unknown field; known fields here: " + new TreeSet<>(allowed));
      }
    }
    return this;
  }

  /** The child {@code key} of this mapping, or null. */
  ScenarioNode get(String key) {
    return children.get(key);
  }

  /** The child {@code key} of this mapping; an error if absent. */
  ScenarioNode require(String key) {
    ScenarioNode child = children.get(key);
    if (child == null) {
      throw missing(key, "is required");
    }
    return child;
  }

  /** An error about the absent child {@code key}, located at this node. */
  ScenarioException missing(String key, String problem) {
    return new ScenarioException(file, line(), join(path, key), problem);
  }

  /** The keys of this mapping, in file order. */
  Set<String> keys() {
    return children.keySet();
  }

  /** The items of this sequence. */
  List<ScenarioNode> items() {
    if (!(node instanceof SequenceNode seq)) {
      throw error("must be a list (- item)");
    }
    List<ScenarioNode> out = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      out.add(new ScenarioNode(file, path + "[" + i + "]", seq.getValue().get(i)));
    }
    return out;
  }

  /** This scalar's text. */
  String text() {
    if (!(node instanceof ScalarNode scalar)) {
      throw error("must be a single value, not a list or mapping");
    }
    return scalar.getValue();
  }

  /** This scalar as a number in [min, max]. */
  double number(double min, double max) {
    String t = text().trim();
    double v;
    try {
      v = Double.parseDouble(t.replace("_", ""));
    } catch (NumberFormatException e) {
      throw error("must be a number but was \"" + t + "\"");
    }
    if (!Double.isFinite(v)) { // 1e400 parses as infinity, "NaN" as NaN
      throw error("must be a finite number but was " + t);
    }
    if (!(v >= min && v <= max)) {
      throw error("must be in " + range(min, max) + " but was " + t);
    }
    return v;
  }

  /** This scalar as a finite number {@code > 0}. */
  double positive() {
    double v = number(-Double.MAX_VALUE, Double.MAX_VALUE);
    if (!(v > 0)) {
      throw error("must be a number > 0 but was " + text().trim());
    }
    return v;
  }

  /** This scalar as a duration {@code > 0}, in seconds. */
  double positiveSeconds() {
    double v = seconds(0, Double.MAX_VALUE);
    if (!(v > 0)) {
      throw error("must be a duration > 0 but was " + text().trim());
    }
    return v;
  }

  /** This scalar as a whole number in [min, max]. */
  long integer(long min, long max) {
    String t = text().trim();
    long v;
    try {
      v = Long.parseLong(t.replace("_", ""));
    } catch (NumberFormatException e) {
      throw error("must be a whole number but was \"" + t + "\"");
    }
    if (v < min || v > max) {
      throw error("must be in [" + min + ", " + max + "] but was " + t);
    }
    return v;
  }

  /**
   * This scalar as a duration in seconds within [min, max]: a number of seconds, or a number with a
   * unit {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}.
   */
  double seconds(double min, double max) {
    String t = text().trim().toLowerCase(Locale.ROOT);
    double unit = 1;
    String digits = t;
    if (t.endsWith("ms")) {
      unit = 0.001;
      digits = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      digits = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unit = 60;
      digits = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      unit = 3600;
      digits = t.substring(0, t.length() - 1);
    } else if (t.endsWith("d")) {
      unit = 86_400;
      digits = t.substring(0, t.length() - 1);
    }
    double v;
    try {
      v = Double.parseDouble(digits.trim()) * unit;
    } catch (NumberFormatException e) {
      throw error(
          "must be a duration such as 250ms, 10s, 2m, 1h or a number of seconds but was \""
              + text().trim()
              + "\"");
    }
    if (!Double.isFinite(v)) {
      throw error("must be a finite duration but was " + text().trim());
    }
    if (!(v >= min && v <= max)) {
      throw error("must be in " + range(min, max) + " seconds but was " + text().trim());
    }
    return v;
  }

  /** This scalar as one of {@code choices} (case-insensitive), returned in lower case. */
  String choice(String... choices) {
    String t = text().trim().toLowerCase(Locale.ROOT);
    for (String c : choices) {
      if (c.equals(t)) {
        return c;
      }
    }
    throw error("must be one of " + List.of(choices) + " but was \"" + text().trim() + "\"");
  }

  /** {@code true} or {@code false}. */
  boolean bool() {
    return choice("true", "false").equals("true");
  }

  private static String range(double min, double max) {
    return "[" + fmt(min) + ", " + (max == Double.MAX_VALUE ? "infinity" : fmt(max)) + "]";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
