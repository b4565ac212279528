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

class ShortTrainingTest {

  static final String TINY =
      """
      name: tiny
      requests: 30000
      backends:
        - rates: [10, 20, 40, 80]
      arrivals:
        load: 0.8
      metrics:
        period: 2s
        lag: 0.5s
      """;

  @Test
  void aFewEpisodesOnATinyClusterBeatARandomPolicyOnAnUnseenSeed() {
    Scenario tiny = ScenarioLoader.parse("tiny.yaml", TINY);
    List<EpisodeListener.Episode> episodes = new ArrayList<>();
    CostModel model =
        new RlTrainer(
                TrainingConfig.builder()
                    .scenarios(List.of(tiny))
                    .episodes(4)
                    .seed(5)
                    .simulatedSeconds(60)
                    .stepsPerEpisode(60)
                    .hidden(16)
                    .randomize(false)
                    .rlEpisodes(0)
                    .build())
            .train(episodes::add);

    assertThat(episodes).hasSize(4);
    assertThat(episodes.get(0).policy()).isEqualTo("p2c");
    assertThat(episodes.get(3).policy()).isEqualTo("learned");
    assertThat(model.metadata().seed()).isEqualTo(5);

    Simulation unseen = Simulation.of(tiny.withSeed(999));
    RunResult rl = unseen.run("rl", ctx -> new RlStrategy(model, ctx, FeatureObserver.NONE));
    RunResult random = unseen.run("random");
    assertThat(rl.meanMillis()).isLessThan(0.5 * random.meanMillis());
  }
}
