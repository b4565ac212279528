package io.github.fulcrumlb.rl.training;

/**
 * Told about each training episode as it ends, e.g. to drive a progress bar.
 *
 * <pre>{@code
 * EpisodeListener print = e -> System.out.printf("%d %s %.1f ms%n",
 *     e.episode(), e.scenario(), e.meanMillis());
 * }</pre>
 */
@FunctionalInterface
public interface EpisodeListener {

  /** Ignores every episode. */
  EpisodeListener NONE = e -> {};

  /** Called on the training thread after each episode's gradient steps. */
  void onEpisode(Episode episode);

  /**
   * One finished episode.
   *
   * @param episode 1-based index
   * @param episodes total
   * @param scenario the base scenario's name
   * @param policy {@code "p2c"} for the data-collection pass, {@code "learned"} for imitation,
   *     {@code "ppo"} for the policy-gradient stage
   * @param reward the episode's reward: −(mean latency ms) × (1 + 10 × unsuccessful fraction)
   * @param meanMillis the episode's mean latency
   * @param loss mean training loss of its gradient steps
   * @param samples rows in the replay buffer (imitation) or decisions used (PPO)
   * @param validation the validation score if this episode ended a pass (lower is better; 0 is
   *     {@code p2c}), else NaN
   */
  record Episode(
      int episode,
      int episodes,
      String scenario,
      String policy,
      double reward,
      double meanMillis,
      double loss,
      int samples,
      double validation) {}
}
