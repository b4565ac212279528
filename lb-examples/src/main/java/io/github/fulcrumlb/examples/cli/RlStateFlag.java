package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fulcrum udp --rl-state FILE} (or {@code rl-state:} in {@code --config}): turns on the
 * {@code rl} strategy's online learning with a state file, as the strategy options {@code
 * online=true} and {@code state=FILE}; the same check runs at start and on every reload.
 *
 * <pre>{@code
 * Map<String, String> options = RlStateFlag.merge("rl", Map.of("scan", "8"), Path.of("rl.state"));
 * // {scan=8, online=true, state=rl.state}
 * }</pre>
 */
final class RlStateFlag {
  private RlStateFlag() {}

  /**
   * The strategy options with {@code online=true} and {@code state=FILE} added, or {@code options}
   * itself without a state file.
   *
   * @throws IllegalArgumentException if the strategy is not {@code rl}, or the options say {@code
   *     online=false} or name another state file
   */
  static Map<String, String> merge(String strategy, Map<String, String> options, Path state) {
    if (state == null) {
      return options;
    }
    if (!RlStrategy.NAME.equals(strategy)) {
      throw new IllegalArgumentException(
          "--rl-state "
              + state
              + " needs --strategy rl but the strategy is "
              + strategy
              + ": use --strategy rl, or drop --rl-state");
    }
    String online = options.get("online");
    if (online != null && !"true".equals(online.trim().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "--rl-state "
              + state
              + " needs online learning but --strategy-option online="
              + online
              + " is not true: drop one of them");
    }
    String other = options.get("state");
    if (other != null && !Path.of(other.trim()).equals(state)) {
      throw new IllegalArgumentException(
          "--rl-state "
              + state
              + " and --strategy-option state="
              + other
              + " name two state files: give one");
    }
    Map<String, String> merged = new LinkedHashMap<>(options);
    merged.put("online", "true");
    merged.put("state", state.toString());
    return Collections.unmodifiableMap(merged);
  }

  /**
   * Saves a retiring or stopping strategy's online-learning state, if it is {@code rl} with a state
   * file (a no-op otherwise; failures are logged by the strategy).
   *
   * @return whether a state file was written
   */
  static boolean save(Strategy strategy) {
    return strategy instanceof RlStrategy rl && rl.saveState();
  }
}
