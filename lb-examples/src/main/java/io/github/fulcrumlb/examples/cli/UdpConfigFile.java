package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The YAML file of {@code fulcrum udp --config FILE}: the same options as the flags, under the flag
 * names without their dashes. Read whole and checked whole: any unknown key, wrong type or bad
 * value rejects the file with one line naming the file, the field, the value and the fix.
 *
 * <pre>{@code
 * listen: 0.0.0.0:5353
 * backends: [10.0.0.5:5301, 10.0.0.6:5301]
 * strategy: peak-ewma
 * strategy-options: {decay: 5s}
 * # with strategy: rl, learn online and keep the state here (--rl-state)
 * # rl-state: /var/lib/fulcrum/rl.state
 * reply-timeout: 1s
 * idle-timeout: 30s
 * metrics-listen: 0.0.0.0:9464
 * }</pre>
 *
 * <p>{@link #RELOADABLE} keys take effect on SIGHUP ({@link UdpReloader}); the others only at
 * start.
 */
final class UdpConfigFile {
  /** Keys applied again on reload. */
  static final Set<String> RELOADABLE =
      Set.of("backends", "strategy", "strategy-options", "reply-timeout", "idle-timeout");

  /** Every key, in the order of the flags. */
  static final List<String> KEYS =
      List.of(
          "listen",
          "backends",
          "strategy",
          "strategy-options",
          "rl-state",
          "per-datagram",
          "max-sessions",
          "idle-timeout",
          "reply-timeout",
          "event-loops",
          "nio",
          "drain-timeout",
          "stats-interval",
          "metrics-listen");

  private static final Set<String> DURATIONS =
      Set.of("idle-timeout", "reply-timeout", "drain-timeout", "stats-interval");
  private static final Set<String> BOOLEANS = Set.of("per-datagram", "nio");
  private static final Set<String> POSITIVE_INTS = Set.of("max-sessions", "event-loops");
  private static final Set<String> ADDRESSES = Set.of("listen", "metrics-listen");

  private final Path path;
  private final Map<String, Object> values;

  private UdpConfigFile(Path path, Map<String, Object> values) {
    this.path = path;
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * Reads and checks the file.
   *
   * @throws IllegalArgumentException with a one-line message if it cannot be read or is invalid
   */
  static UdpConfigFile read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--config " + path + " cannot be read (" + e + "): check the path and its permissions");
    }
    return parse(path, text);
  }

  /** Checks YAML text read from {@code path}. */
  static UdpConfigFile parse(Path path, String text) {
    Object root;
    try {
      root =
          new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build())
              .loadFromString(text);
    } catch (YamlEngineException e) {
      throw new IllegalArgumentException(
          "--config "
              + path
              + " is not valid YAML ("
              + e.getMessage().replace('\n', ' ').trim()
              + "): fix the syntax");
    }
    if (root == null) {
      return new UdpConfigFile(path, new LinkedHashMap<>());
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "--config "
              + path
              + " must be a YAML mapping of option: value but is a "
              + kind(root)
              + ": write e.g. \"strategy: p2c\" on its own line");
    }
    Map<String, Object> checked = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!KEYS.contains(key)) {
        throw fieldError(path, key, e.getKey(), "is not an option; the options are " + KEYS);
      }
      checked.put(key, check(path, key, e.getValue()));
    }
    return new UdpConfigFile(path, checked);
  }

  private static Object check(Path path, String key, Object value) {
    if (value == null) {
      throw fieldError(path, key, null, "has no value: give one or delete the line");
    }
    if (key.equals("backends")) {
      List<String> list = new ArrayList<>();
      if (value instanceof List<?> items) {
        items.forEach(i -> list.add(String.valueOf(i).trim()));
      } else {
        for (String s : String.valueOf(value).split(",")) {
          list.add(s.trim());
        }
      }
      List<Backend> backends = new ArrayList<>();
      for (String s : list) {
        try {
          backends.add(Backend.parse(s));
        } catch (IllegalArgumentException ex) {
          throw fieldError(path, key, s, "is not HOST:PORT: write e.g. 10.0.0.5:5301");
        }
      }
      if (backends.isEmpty()) {
        throw fieldError(path, key, value, "is empty: list at least one HOST:PORT");
      }
      return List.copyOf(backends);
    }
    if (key.equals("strategy-options")) {
      if (!(value instanceof Map<?, ?> options)) {
        throw fieldError(path, key, value, "must be a mapping such as {decay: 5s}");
      }
      Map<String, String> copy = new LinkedHashMap<>();
      options.forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw fieldError(path, key, value, "must be a single value, not a " + kind(value));
    }
    String text = String.valueOf(value).trim();
    if (DURATIONS.contains(key)) {
      try {
        UdpCommand.duration(key, text);
      } catch (IllegalArgumentException ex) {
        throw fieldError(path, key, text, "is not a duration: write e.g. 250ms, 10s or 2m");
      }
      return text;
    }
    if (BOOLEANS.contains(key)) {
      if (!(value instanceof Boolean b)) {
        throw fieldError(path, key, text, "must be true or false");
      }
      return b;
    }
    if (POSITIVE_INTS.contains(key)) {
      if (!(value instanceof Integer n) || n < 1) {
        throw fieldError(path, key, text, "must be a whole number >= 1");
      }
      return n;
    }
    if (ADDRESSES.contains(key)) {
      int colon = text.lastIndexOf(':');
      boolean ok = colon > 0 && colon < text.length() - 1;
      if (ok) {
        try {
          int port = Integer.parseInt(text.substring(colon + 1));
          ok = port >= 0 && port <= 65_535;
        } catch (NumberFormatException ex) {
          ok = false;
        }
      }
      if (!ok) {
        throw fieldError(path, key, text, "is not HOST:PORT: write e.g. 0.0.0.0:5353");
      }
      return text;
    }
    if (key.equals("rl-state")) {
      if (text.isEmpty()) {
        throw fieldError(path, key, text, "is blank: give a file, e.g. /var/lib/fulcrum/rl.state");
      }
      return text; // checked against the strategy, and by it (its folder must exist)
    }
    if (text.isEmpty()) {
      throw fieldError(
          path, key, text, "is blank: give a strategy name (see `fulcrum strategies`)");
    }
    return text; // strategy: checked by creating it
  }

  private static IllegalArgumentException fieldError(
      Path path, String key, Object value, String problem) {
    String shown = value == null ? "null" : "\"" + value + "\"";
    return new IllegalArgumentException(
        "--config " + path + ": field " + key + " = " + shown + " " + problem);
  }

  private static String kind(Object value) {
    return value instanceof Map<?, ?> ? "mapping" : value instanceof List<?> ? "list" : "scalar";
  }

  /** The file. */
  Path path() {
    return path;
  }

  /** Whether the file sets {@code key}. */
  boolean has(String key) {
    return values.containsKey(key);
  }

  /** The checked value of {@code key} as stored, or null (for comparing two files). */
  Object raw(String key) {
    return values.get(key);
  }

  /** A duration, address, strategy name or file as written. */
  Optional<String> text(String key) {
    return Optional.ofNullable((String) values.get(key));
  }

  /** {@code per-datagram} or {@code nio}. */
  Optional<Boolean> flag(String key) {
    return Optional.ofNullable((Boolean) values.get(key));
  }

  /** {@code max-sessions} or {@code event-loops}. */
  Optional<Integer> number(String key) {
    return Optional.ofNullable((Integer) values.get(key));
  }

  /** {@code backends}. */
  @SuppressWarnings("unchecked")
  Optional<List<Backend>> backends() {
    return Optional.ofNullable((List<Backend>) values.get("backends"));
  }

  /** {@code strategy-options}. */
  @SuppressWarnings("unchecked")
  Optional<Map<String, String>> strategyOptions() {
    return Optional.ofNullable((Map<String, String>) values.get("strategy-options"));
  }
}
