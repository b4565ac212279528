package io.github.fulcrumlb.rl.online;

/**
 * What the online learner is doing, as {@link io.github.fulcrumlb.rl.serving.RlStats#online()}
 * shows it.
 *
 * <pre>{@code
 * OnlineStats online = rl.stats().online();
 * log.info("rl learner: {} steps, reward {} ms, {} reverts", online.steps(),
 *     online.rewardMillis(), online.reverts());
 * }</pre>
 *
 * @param state what the learner does now
 * @param steps updates in which the learner changed a correction
 * @param reverts times the guard found the adapted policy worse than the frozen one and reverted
 * @param correctedBackends backends whose cost the learner now corrects
 * @param largestCorrection the largest correction, as a factor on a backend's cost (1 = none; 0.5 =
 *     half the model's cost, 4 = four times)
 * @param rewardMillis the reward: minus the mean latency of the requests ended recently (ms; a
 *     moving average with a 10 s half-life), 0 before any
 * @param rewardTrend the reward's short average minus its long one (half-lives 10 s and 120 s): > 0
 *     while latency falls
 * @param controlSamples requests that ended in control intervals, on the frozen costs, that the
 *     guard compares with the others (time-decayed)
 * @param guardMargin the mean latency with the corrections over the control intervals' mean, minus
 *     1 (> 0: the corrections do worse), NaN with too few samples
 * @param lastRevert why the guard last reverted, empty if it never did
 * @param stateFile where the adapted state is saved, empty if nowhere
 */
public record OnlineStats(
    State state,
    long steps,
    long reverts,
    int correctedBackends,
    double largestCorrection,
    double rewardMillis,
    double rewardTrend,
    double controlSamples,
    double guardMargin,
    String lastRevert,
    String stateFile) {

  /** Statistics of a learner that is turned off. */
  public static final OnlineStats OFF =
      new OnlineStats(State.OFF, 0, 0, 0, 1, 0, 0, 0, Double.NaN, "", "");

  /** What the learner does. */
  public enum State {
    /** Online learning is turned off (option {@code online=false}, or no model). */
    OFF,
    /** Learning from outcomes; picks use the frozen costs times the corrections. */
    LEARNING,
    /** Paused after the guard reverted to the frozen costs; learns again when the pause ends. */
    PAUSED
  }

  /** One line for a log or a live view. */
  public String summary() {
    if (state == State.OFF) {
      return "online learning off";
    }
    return String.format(
        java.util.Locale.ROOT,
        "%s: %d steps, %d backend%s corrected (largest x%.2f), reward %.3f ms (trend %+.3f),"
            + " %d revert%s",
        state == State.LEARNING ? "learning" : "paused",
        steps,
        correctedBackends,
        correctedBackends == 1 ? "" : "s",
        largestCorrection,
        rewardMillis,
        rewardTrend,
        reverts,
        reverts == 1 ? "" : "s");
  }
}
