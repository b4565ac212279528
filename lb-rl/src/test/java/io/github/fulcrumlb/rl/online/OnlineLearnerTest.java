package io.github.fulcrumlb.rl.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.rl.Clusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnlineLearnerTest {

  private static final long SECOND = 1_000_000_000L;

  @TempDir Path dir;

  /** Four backends the model scores alike; each ends 20 requests a second of the given latency. */
  private static OnlineLearner.Step run(
      OnlineLearner learner, Endpoint[] eps, long[] latencyNanos, int seconds, long[] clock) {
    double[] relative = new double[eps.length];
    OnlineLearner.Step step = learner.step(eps, relative, clock[0]);
    for (int s = 0; s < seconds; s++) {
      for (int k = 0; k < 20; k++) {
        for (int i = 0; i < eps.length; i++) {
          step.recorder().record(eps[i], latencyNanos[i], true);
        }
      }
      clock[0] += SECOND;
      step = learner.step(eps, relative, clock[0]);
    }
    return step;
  }

  private static Endpoint[] endpoints(int n) {
    return Clusters.endpoints(n).toArray(new Endpoint[0]);
  }

  @Test
  void aBackendSlowerThanTheModelSaysGetsItsCostRaisedAndTheOthersKeepTheirs() {
    OnlineLearner learner = new OnlineLearner(0.5, "m", "model", null);
    Endpoint[] eps = endpoints(4);
    long[] clock = {0};
    OnlineLearner.Step step =
        run(learner, eps, new long[] {5_000_000, 1_000_000, 1_000_000, 1_000_000}, 30, clock);

    // ln 5 = 1.61, less the dead band
    assertThat(step.correction(0)).isCloseTo(Math.log(5) - OnlineLearner.DEADBAND, within(0.1));
    assertThat(step.correction(1)).isZero();
    assertThat(step.guarded()).isTrue();
    OnlineStats stats = learner.stats();
    assertThat(stats.state()).isEqualTo(OnlineStats.State.LEARNING);
    assertThat(stats.steps()).isEqualTo(30);
    assertThat(stats.correctedBackends()).isEqualTo(1);
    assertThat(stats.largestCorrection()).isGreaterThan(3.5);
    assertThat(stats.rewardMillis()).isLessThan(0);
  }

  @Test
  void whatTheModelAlreadyKnowsIsNotCorrected() {
    OnlineLearner learner = new OnlineLearner(0.5, "m", "model", null);
    Endpoint[] eps = endpoints(4);
    double[] relative = {Math.log(5), 0, 0, 0}; // the model knows b0 costs 5x
    OnlineLearner.Step step = learner.step(eps, relative, 0);
    for (int s = 1; s <= 30; s++) {
      for (int k = 0; k < 20; k++) {
        step.recorder().record(eps[0], 5_000_000, true);
        for (int i = 1; i < 4; i++) {
          step.recorder().record(eps[i], 1_000_000, true);
        }
      }
      step = learner.step(eps, relative, s * SECOND);
    }
    for (int i = 0; i < 4; i++) {
      assertThat(step.correction(i)).isZero();
    }
    assertThat(step.guarded()).isFalse();
  }

  @Test
  void stepsAreBoundedAndABackendWithoutSamplesIsForgottenSlowly() {
    OnlineLearner learner = new OnlineLearner(100, "m", "model", null); // a huge rate
    Endpoint[] eps = endpoints(3);
    long[] clock = {0};
    OnlineLearner.Step step = run(learner, eps, new long[] {1_000_000_000, 1_000, 1_000}, 1, clock);
    // one step of at most MAX_STEP, whatever the rate and the 10^6 gap
    assertThat(step.correction(0))
        .isCloseTo(OnlineLearner.MAX_STEP - OnlineLearner.DEADBAND, within(1e-9));
    step = run(learner, eps, new long[] {1_000_000_000, 1_000, 1_000}, 20, clock);
    assertThat(step.correction(0)).isEqualTo(OnlineLearner.MAX_CORRECTION);

    // No more samples of b0: its residual decays toward 0.
    double before = learner.residuals().get("b0");
    double[] relative = new double[3];
    for (int s = 0; s < 5; s++) {
      for (int k = 0; k < 20; k++) {
        step.recorder().record(eps[1], 1_000, true);
        step.recorder().record(eps[2], 1_000, true);
      }
      clock[0] += SECOND;
      step = learner.step(eps, relative, clock[0]);
    }
    assertThat(learner.residuals().get("b0")).isLessThan(before).isGreaterThan(0);
  }

  @Test
  void theGuardRevertsWhenTheFrozenPolicysRequestsDoBetter() {
    OnlineLearner learner = new OnlineLearner(0.5, "m", "model", null);
    Endpoint[] eps = endpoints(2);
    double[] relative = new double[2];
    OnlineLearner.Step step = learner.step(eps, relative, 0);
    long now = 0;
    // b0 looks 4x dearer per request, so the learner corrects it ...
    for (int s = 0; s < 20; s++) {
      for (int k = 0; k < 20; k++) {
        step.recorder().record(eps[0], 4_000_000, true);
        step.recorder().record(eps[1], 1_000_000, true);
      }
      now += SECOND;
      step = learner.step(eps, relative, now);
    }
    assertThat(step.guarded()).isTrue();
    // ... but the requests the frozen policy placed end in 1 ms, the adapted policy's in 8 ms.
    for (int s = 0; s < 20 && learner.stats().reverts() == 0; s++) {
      for (int k = 0; k < 10; k++) {
        step.recorder().markFrozen(1);
        step.recorder().record(eps[1], 1_000_000, true);
        step.recorder().record(eps[0], 8_000_000, true);
      }
      now += SECOND;
      step = learner.step(eps, relative, now);
    }

    OnlineStats stats = learner.stats();
    assertThat(stats.reverts()).isEqualTo(1);
    assertThat(stats.state()).isEqualTo(OnlineStats.State.PAUSED);
    assertThat(stats.lastRevert()).contains("above the frozen policy's").contains("paused 30 s");
    assertThat(step.correction(0)).isZero();
    assertThat(step.guarded()).isFalse();

    // After the pause it learns again.
    learner.step(eps, relative, now + 31 * SECOND);
    assertThat(learner.stats().state()).isEqualTo(OnlineStats.State.LEARNING);
  }

  @Test
  void theStateSurvivesARestartAndIsSavedAtomically() throws Exception {
    Path file = dir.resolve("rl.state");
    OnlineLearner learner = new OnlineLearner(0.5, "abc123", "model", file);
    Endpoint[] eps = endpoints(3);
    long[] clock = {0};
    run(learner, eps, new long[] {3_000_000, 1_000_000, 1_000_000}, 15, clock);
    assertThat(learner.save()).isTrue();
    Map<String, Double> saved = learner.residuals();
    assertThat(saved.get("b0")).isGreaterThan(0.5);

    OnlineLearner restarted = new OnlineLearner(0.5, "abc123", "model", file);
    assertThat(restarted.residuals()).isEqualTo(saved);
    assertThat(restarted.stats().steps()).isEqualTo(15);
    assertThat(restarted.stats().stateFile()).startsWith("resumed from");
    OnlineLearner.Step step = restarted.step(eps, new double[3], 0);
    assertThat(step.correction(0))
        .isCloseTo(saved.get("b0") - OnlineLearner.DEADBAND, within(1e-12));
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void aStateFileOfAnotherModelOrACorruptOneIsIgnoredNotThrown() throws Exception {
    Path file = dir.resolve("rl.state");
    OnlineLearner learner = new OnlineLearner(0.5, "model-a", "model", file);
    run(learner, endpoints(3), new long[] {3_000_000, 1_000_000, 1_000_000}, 15, new long[] {0});
    learner.save();

    OnlineLearner other = new OnlineLearner(0.5, "model-b", "model", file);
    assertThat(other.residuals()).isEmpty();
    assertThat(other.stats().stateFile()).contains("adapts model model-a, not this one (model-b)");

    String text = Files.readString(file);
    Files.writeString(file, text.replace("backend.b0=", "backend.b0=9"));
    OnlineLearner corrupt = new OnlineLearner(0.5, "model-a", "model", file);
    assertThat(corrupt.residuals()).isEmpty();
    assertThat(corrupt.stats().stateFile()).contains("is corrupt: checksum");

    Files.writeString(file, text.substring(0, text.length() / 2));
    OnlineLearner truncated = new OnlineLearner(0.5, "model-a", "model", file);
    assertThat(truncated.residuals()).isEmpty();
    assertThat(truncated.stats().stateFile()).contains("not a complete online-learning state file");
  }

  @Test
  void anUnsaveableStateFileIsLoggedNotThrown() throws Exception {
    Path file = dir.resolve("missing-folder").resolve("rl.state");
    OnlineLearner learner = new OnlineLearner(0.5, "m", "model", file);
    run(learner, endpoints(2), new long[] {3_000_000, 1_000_000}, 3, new long[] {0});
    assertThat(learner.save()).isFalse();
  }
}
