package io.github.fulcrumlb.rl.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.rl.model.CostModel;
import io.github.fulcrumlb.rl.serving.FeatureObserver;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import io.github.fulcrumlb.sim.Simulation;
import io.github.fulcrumlb.sim.report.RunResult;
import io.github.fulcrumlb.sim.scenario.Scenario;
import io.github.fulcrumlb.sim.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PPO stage learns from the reward alone: started from a deliberately bad model (a trained one
 * with its output negated, so it prefers the slow backends), a few episodes on a tiny cluster must
 * bring the latency on an unseen seed well down. No clairvoyant label is used in this stage.
 */
class PpoFineTuningTest {

  @Test
  void aFewPpoEpisodesRepairAnInvertedModel() {
    Scenario tiny = ScenarioLoader.parse("tiny.yaml", ShortTrainingTest.TINY);
    CostModel trained =
        new RlTrainer(
                TrainingConfig.builder()
                    .scenarios(List.of(tiny))
                    .episodes(3)
                    .seed(5)
                    .simulatedSeconds(60)
                    .stepsPerEpisode(60)
                    .hidden(16)
                    .randomize(false)
                    .rlEpisodes(0)
                    .build())
            .train(EpisodeListener.NONE);
    double[][][] w = trained.weights();
    double[][] b = trained.biases();
    int last = w.length - 1;
    for (double[] row : w[last]) {
      for (int i = 0; i < row.length; i++) {
        row[i] = -row[i];
      }
    }
    b[last][0] = -b[last][0];
    CostModel bad = new CostModel(trained.metadata(), trained.mean(), trained.std(), w, b);

    List<EpisodeListener.Episode> episodes = new ArrayList<>();
    CostModel tuned =
        new RlTrainer(
                TrainingConfig.builder()
                    .scenarios(List.of(tiny))
                    .seed(6)
                    .simulatedSeconds(60)
                    .hidden(16)
                    .randomize(false)
                    .rlEpisodes(6)
                    .rlLearningRate(1e-3f)
                    .temperature(0.25)
                    .build())
            .fineTune(bad, episodes::add);

    assertThat(episodes).hasSize(6).allMatch(e -> e.policy().equals("ppo"));
    assertThat(tuned.metadata().algorithm()).isEqualTo(RlTrainer.ALGORITHM_PPO);
    Simulation unseen = Simulation.of(tiny.withSeed(999));
    RunResult before = unseen.run("rl", ctx -> new RlStrategy(bad, ctx, FeatureObserver.NONE));
    RunResult after = unseen.run("rl", ctx -> new RlStrategy(tuned, ctx, FeatureObserver.NONE));
    assertThat(after.meanMillis()).isLessThan(0.7 * before.meanMillis());
  }
}
