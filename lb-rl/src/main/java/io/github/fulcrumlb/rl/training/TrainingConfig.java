package io.github.fulcrumlb.rl.training;

import io.github.fulcrumlb.sim.scenario.Scenario;
import java.util.List;

/**
 * What {@link RlTrainer} trains on and how long.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder()
 *     .scenarios(List.of(ScenarioLoader.resolve("heterogeneous")))
 *     .episodes(20).seed(7).build();
 * }</pre>
 *
 * @param scenarios base scenarios, randomised per episode; at least one
 * @param episodes simulated episodes, {@code >= 1}
 * @param seed seed of everything random in training
 * @param simulatedSeconds target simulated length of an episode (requests = rate × this, clamped)
 * @param stepsPerEpisode gradient steps after each episode
 * @param batchSize samples (backends) per gradient step
 * @param hidden units of each of the two hidden layers
 * @param learningRate Adam's learning rate
 * @param randomize whether to apply domain randomisation
 * @param target what the network learns to predict per backend
 * @param command the command line recorded in the model file, or empty
 */
public record TrainingConfig(
    List<Scenario> scenarios,
    int episodes,
    long seed,
    double simulatedSeconds,
    int stepsPerEpisode,
    int batchSize,
    int hidden,
    float learningRate,
    boolean randomize,
    Target target,
    String command,
    int rlEpisodes,
    float rlLearningRate,
    double temperature,
    int decisionsPerEpisode) {

  /** The clairvoyant's knowledge the network is fitted to (log, relative to the cluster). */
  public enum Target {
    /** True time a slot needs per request: speed only. */
    SERVICE_TIME,
    /**
     * True completion time of a new request (queue of every balancer, then service) per request
     * this balancer has outstanding there plus one: speed and the load of other balancers.
     */
    COMPLETION_TIME
  }

  /** Validates. */
  public TrainingConfig {
    scenarios = List.copyOf(scenarios);
    if (scenarios.isEmpty()) {
      throw new IllegalArgumentException("scenarios must not be empty");
    }
    if (episodes < 1 || stepsPerEpisode < 1 || batchSize < 1 || hidden < 1) {
      throw new IllegalArgumentException(
          "episodes, steps, batch size and hidden units must be >= 1");
    }
    if (!(simulatedSeconds > 0) || !(learningRate > 0)) {
      throw new IllegalArgumentException("simulatedSeconds and learningRate must be > 0");
    }
    if (rlEpisodes < 0 || decisionsPerEpisode < 1 || !(rlLearningRate > 0) || !(temperature > 0)) {
      throw new IllegalArgumentException(
          "rlEpisodes must be >= 0, decisions >= 1, " + "rlLearningRate and temperature > 0");
    }
    command = command == null ? "" : command;
    target = target == null ? Target.COMPLETION_TIME : target;
  }

  /** A builder with the defaults of {@code ./fulcrum train}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link TrainingConfig}. */
  public static final class Builder {
    private List<Scenario> scenarios = List.of();
    private int episodes = 70;
    private long seed = 42;
    private double simulatedSeconds = 200;
    private int stepsPerEpisode = 150;
    private int batchSize = 256;
    private int hidden = 32;
    private float learningRate = 1e-3f;
    private boolean randomize = true;
    private Target target = Target.COMPLETION_TIME;
    private String command = "";
    private int rlEpisodes = 21;
    private float rlLearningRate = 3e-5f;
    private double temperature = 0.1;
    private int decisionsPerEpisode = 4096;

    private Builder() {}

    /** PPO fine-tuning episodes after imitation; default 21 (0: imitation only). */
    public Builder rlEpisodes(int v) {
      rlEpisodes = v;
      return this;
    }

    /** Adam learning rate of the PPO stage; default 3e-5. */
    public Builder rlLearningRate(float v) {
      rlLearningRate = v;
      return this;
    }

    /** Temperature of the stochastic training policy; default 0.1. */
    public Builder temperature(double v) {
      temperature = v;
      return this;
    }

    /** Decisions recorded per PPO episode, at most; default 4096. */
    public Builder decisionsPerEpisode(int v) {
      decisionsPerEpisode = v;
      return this;
    }

    /** Base scenarios. */
    public Builder scenarios(List<Scenario> v) {
      scenarios = v;
      return this;
    }

    /** Episodes; default 70. */
    public Builder episodes(int v) {
      episodes = v;
      return this;
    }

    /** Seed; default 42. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Simulated seconds per episode; default 200. */
    public Builder simulatedSeconds(double v) {
      simulatedSeconds = v;
      return this;
    }

    /** Gradient steps per episode; default 150. */
    public Builder stepsPerEpisode(int v) {
      stepsPerEpisode = v;
      return this;
    }

    /** Minibatch size; default 256. */
    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** Hidden units per layer; default 32. */
    public Builder hidden(int v) {
      hidden = v;
      return this;
    }

    /** Adam learning rate; default 1e-3. */
    public Builder learningRate(float v) {
      learningRate = v;
      return this;
    }

    /** Domain randomisation on or off; default on. */
    public Builder randomize(boolean v) {
      randomize = v;
      return this;
    }

    /** Learning target; default {@link Target#COMPLETION_TIME}. */
    public Builder target(Target v) {
      target = v;
      return this;
    }

    /** Command line to record. */
    public Builder command(String v) {
      command = v;
      return this;
    }

    /** The config. */
    public TrainingConfig build() {
      return new TrainingConfig(
          scenarios,
          episodes,
          seed,
          simulatedSeconds,
          stepsPerEpisode,
          batchSize,
          hidden,
          learningRate,
          randomize,
          target,
          command,
          rlEpisodes,
          rlLearningRate,
          temperature,
          decisionsPerEpisode);
    }
  }
}
