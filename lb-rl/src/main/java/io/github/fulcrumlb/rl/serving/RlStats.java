package io.github.fulcrumlb.rl.serving;

import io.github.fulcrumlb.rl.online.OnlineStats;

/**
 * What an {@link RlStrategy} is doing: picking on its learned costs or on its fallback heuristic,
 * and why.
 *
 * <pre>{@code
 * RlStats stats = ((RlStrategy) strategy).stats();
 * if (stats.mode() == RlStats.Mode.FALLBACK) log.warn("rl falls back: " + stats.reason());
 * }</pre>
 *
 * @param mode what the last update published
 * @param fallback why the last update fell back, or {@code null} when on the model
 * @param model the model in use ({@code CostModel#toString()}), or why none is loaded
 * @param updates control-plane updates so far
 * @param fallbackUpdates of which fell back
 * @param online what the online learner is doing ({@link OnlineStats#OFF} when it is off)
 */
public record RlStats(
    Mode mode,
    FallbackReason fallback,
    String model,
    long updates,
    long fallbackUpdates,
    OnlineStats online) {

  /** How picks are made. */
  public enum Mode {
    /** Scan (or sample) backends on (in-flight + 1) × learned cost. */
    LEARNED,
    /** Power of two choices on (in-flight + 1) / weight: the {@code p2c} behaviour. */
    FALLBACK
  }

  /** The fallback's message, or empty when on the model. */
  public String reason() {
    return fallback == null ? "" : fallback.message();
  }
}
