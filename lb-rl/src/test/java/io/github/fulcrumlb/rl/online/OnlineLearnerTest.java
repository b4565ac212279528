package io.github.fulcrumlb.rl.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.rl.Clusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
          step.recorder().record(eps[i], latencyNanos[i], true, step.control());
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
    OnlineLearner learner = new OnlineLearner(0.5, "m", "model", null, new SeededRandomSource(1));
    Endpoint[] eps = endpoints(4);
    long[] clock = {0};
    OnlineLearner.Step step =
        run(learner, eps, new long[] {5_000_000, 1_000_000, 1_000_000, 1_000_000}, 30, clock);

    // ln 5 = 1.61, less the dead band
    assertThat(step.correction(0)).isCloseTo(Math.log(5) - OnlineLearner.DEADBAND, within(0.1));
    assertThat(step.correction(1)).isZero();
    OnlineStats stats = learner.stats();
    assertThat(stats.state()).isEqualTo(OnlineStats.State.LEARNING);
    assertThat(stats.steps()).isEqualTo(30);
    assertThat(stats.correctedBackends()).isEqualTo(1);
    assertThat(stats.largestCorrection()).isGreaterThan(3.5);
    assertThat(stats.rewardMillis()).isLessThan(0);
  }

  @Test
  void whatTheModelAlreadyKnowsIsNotCorrected() {
    OnlineLearner learner = new OnlineLearner(0.5, "m", "model", null, new SeededRandomSource(1));
    Endpoint[] eps = endpoints(4);
    double[] relative = {Math.log(5), 0, 0, 0}; // the model knows b0 costs 5x
    OnlineLearner.Step step = learner.step(eps, relative, 0);
    for (int s = 1; s <= 30; s++) {
      for (int k = 0; k < 20; k++) {
        step.recorder().record(eps[0], 5_000_000, true, false);
        for (int i = 1; i < 4; i++) {
          step.recorder().record(eps[i], 1_000_000, true, false);
        }
      }
      step = learner.step(eps, relative, s * SECOND);
    }
    for (int i = 0; i < 4; i++) {
      assertThat(step.correction(i)).isZero();
    }
  }

  @Test
  void stepsAreBoundedAndABackendWithoutSamplesIsForgottenSlowly() {
    OnlineLearner learner =
        new OnlineLearner(100, "m", "model", null, new SeededRandomSource(1)); // a huge rate
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
        step.recorder().record(eps[1], 1_000, true, false);
        step.recorder().record(eps[2], 1_000, true, false);
      }
      clock[0] += SECOND;
      step = learner.step(eps, relative, clock[0]);
    }
    assertThat(learner.residuals().get("b0")).isLessThan(before).isGreaterThan(0);
  }

  @Test
  void theGuardRevertsWhenControlIntervalsOnTheFrozenCostsDoBetter() {
    // b0 looks 4x dearer per request than the model says, so the learner corrects it; but
    // requests ending in control intervals (frozen costs) take 1 ms, the others 3 ms.
    GuardedRun run = guardedRun(3_000_000, 1_000_000, 1, 600);

    OnlineStats stats = run.learner().stats();
    assertThat(stats.reverts()).isEqualTo(1);
    assertThat(run.controls()).isPositive();
    assertThat(run.intervals()).isLessThan(120);
    assertThat(stats.state()).isEqualTo(OnlineStats.State.PAUSED);
    assertThat(stats.lastRevert()).contains("in control intervals").contains("paused 30 s");
    for (int i = 0; i < 3; i++) {
      assertThat(run.last().correction(i)).isZero();
    }
    assertThat(run.last().control()).isFalse();

    // After the pause it learns again.
    run.learner()
        .step(run.endpoints().toArray(new Endpoint[0]), new double[3], run.now() + 31 * SECOND);
    assertThat(run.learner().stats().state()).isEqualTo(OnlineStats.State.LEARNING);
  }

  @Test
  void theGuardKeepsCorrectionsThatWinAndRevertsOnEvenASmallLoss() {
    // Adapted intervals 20% faster than control ones: the corrections stay for 200 intervals.
    GuardedRun won = guardedRun(1_000_000, 1_200_000, 3, 200);
    assertThat(won.corrected()).isTrue();
    assertThat(won.learner().stats().reverts()).isZero();
    // 1% slower: reverted (a margin of a few percent would have let this loss stand).
    GuardedRun lost = guardedRun(1_010_000, 1_000_000, 4, 200);
    assertThat(lost.corrected()).isTrue();
    assertThat(lost.learner().stats().reverts()).isEqualTo(1);
    assertThat(lost.learner().stats().lastRevert())
        .contains("2.020 ms with the corrections"); // b0 at 4x
  }

  /** What {@link #guardedRun} leaves: the learner, its last step, and what happened on the way. */
  private record GuardedRun(
      OnlineLearner learner,
      List<Endpoint> endpoints,
      OnlineLearner.Step last,
      long now,
      int intervals,
      int controls,
      boolean corrected) {}

  /**
   * One-second intervals of 40 requests per backend in which b0 looks 4x dearer than the model
   * says, requests taking {@code adaptedNanos} (b0: 4x that) while corrections are published and
   * {@code controlNanos} in control intervals; stops at the first revert or after {@code most}.
   */
  private static GuardedRun guardedRun(long adaptedNanos, long controlNanos, long seed, int most) {
    OnlineLearner learner =
        new OnlineLearner(0.5, "m", "model", null, new SeededRandomSource(seed));
    Endpoint[] eps = endpoints(3);
    double[] relative = new double[3];
    OnlineLearner.Step step = learner.step(eps, relative, 0);
    long now = 0;
    int intervals = 0;
    int controls = 0;
    boolean corrected = false;
    while (intervals < most && learner.stats().reverts() == 0) {
      long latency = step.control() ? controlNanos : adaptedNanos;
      controls += step.control() ? 1 : 0;
      for (int k = 0; k < 40; k++) {
        step.recorder().record(eps[0], 4 * latency, true, step.control());
        step.recorder().record(eps[1], latency, true, step.control());
        step.recorder().record(eps[2], latency, true, step.control());
      }
      now += SECOND;
      step = learner.step(eps, relative, now);
      intervals++;
      corrected |= step.correction(0) > 0;
    }
    return new GuardedRun(learner, List.of(eps), step, now, intervals, controls, corrected);
  }

  @Test
  void controlIntervalsComeOnlyWhileACorrectionIsOnAboutOneInEight() {
    OnlineLearner learner = new OnlineLearner(0.5, "m", "model", null, new SeededRandomSource(2));
    Endpoint[] eps = endpoints(3);
    long[] clock = {0};
    OnlineLearner.Step step =
        run(learner, eps, new long[] {1_000_000, 1_000_000, 1_000_000}, 50, clock);
    assertThat(step.control()).isFalse();
    int controls = 0;
    for (int s = 0; s < 400; s++) {
      step = run(learner, eps, new long[] {5_000_000, 1_000_000, 1_000_000}, 1, clock);
      controls += step.control() ? 1 : 0;
    }
    assertThat(learner.stats().reverts()).isZero(); // same latency in both kinds of interval
    assertThat(controls)
        .isBetween(400 / OnlineLearner.CONTROL_EVERY / 2, 400 / OnlineLearner.CONTROL_EVERY * 2);
  }

  @Test
  void aBackendWithFewRequestsPerIntervalIsLearntFromSeveralIntervals() {
    OnlineLearner learner = new OnlineLearner(0.5, "m", "model", null, new SeededRandomSource(1));
    Endpoint[] eps = endpoints(3);
    double[] relative = new double[3];
    OnlineLearner.Step step = learner.step(eps, relative, 0);
    for (int s = 1; s <= 40; s++) {
      // b0 ends 2 requests a second (below MIN_SAMPLES per interval), 8 x slower than the others
      for (int k = 0; k < 2; k++) {
        step.recorder().record(eps[0], 8_000_000, true, step.control());
      }
      for (int k = 0; k < 20; k++) {
        step.recorder().record(eps[1], 1_000_000, true, step.control());
        step.recorder().record(eps[2], 1_000_000, true, step.control());
      }
      step = learner.step(eps, relative, s * SECOND);
    }
    assertThat(learner.residuals().get("b0")).isGreaterThan(1.0);
    assertThat(step.correction(0)).isPositive();
  }

  @Test
  void aBackendThatLeavesAndComesBackKeepsItsCorrection() {
    OnlineLearner learner = new OnlineLearner(0.5, "m", "model", null, new SeededRandomSource(1));
    Endpoint[] eps = endpoints(3);
    long[] clock = {0};
    OnlineLearner.Step step =
        run(learner, eps, new long[] {5_000_000, 1_000_000, 1_000_000}, 30, clock);
    double before = step.correction(0);
    assertThat(before).isGreaterThan(1);

    Endpoint[] without = {eps[1], eps[2]}; // b0 ejected for a while
    learner.step(without, new double[2], clock[0] + 1);
    assertThat(learner.residuals()).containsKey("b0");
    step = learner.step(eps, new double[3], clock[0] + 2);
    assertThat(step.correction(0)).isEqualTo(before);
  }

  @Test
  void theStateSurvivesARestartAndIsSavedAtomically() throws Exception {
    Path file = dir.resolve("rl.state");
    OnlineLearner learner =
        new OnlineLearner(0.5, "abc123", "model", file, new SeededRandomSource(1));
    Endpoint[] eps = endpoints(3);
    long[] clock = {0};
    run(learner, eps, new long[] {3_000_000, 1_000_000, 1_000_000}, 15, clock);
    assertThat(learner.save()).isTrue();
    Map<String, Double> saved = learner.residuals();
    assertThat(saved.get("b0")).isGreaterThan(0.5);

    OnlineLearner restarted =
        new OnlineLearner(0.5, "abc123", "model", file, new SeededRandomSource(1));
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
  void aStateFileOfAnotherModelOrACorruptOneIsIgnoredAndKeptAsideNotThrown() throws Exception {
    Path file = dir.resolve("rl.state");
    OnlineLearner learner =
        new OnlineLearner(0.5, "model-a", "model", file, new SeededRandomSource(1));
    run(learner, endpoints(3), new long[] {3_000_000, 1_000_000, 1_000_000}, 15, new long[] {0});
    learner.save();
    String text = Files.readString(file);

    OnlineLearner other =
        new OnlineLearner(0.5, "model-b", "model", file, new SeededRandomSource(1));
    assertThat(other.residuals()).isEmpty();
    assertThat(other.stats().stateFile())
        .contains("adapts model model-a, not this one (model-b)")
        .contains("kept as " + file + ".rejected-");
    assertThat(file).doesNotExist();
    assertThat(setAside()).singleElement().satisfies(p -> assertThat(p).hasContent(text));
    // The next save writes a new file; the rejected one stays.
    run(other, endpoints(3), new long[] {3_000_000, 1_000_000, 1_000_000}, 3, new long[] {0});
    assertThat(other.save()).isTrue();
    assertThat(OnlineState.read(file).modelFingerprint()).isEqualTo("model-b");
    assertThat(setAside()).hasSize(1);

    String corruptText = text.replace("backend.b0=", "backend.b0=9");
    Files.writeString(file, corruptText);
    OnlineLearner corrupt =
        new OnlineLearner(0.5, "model-a", "model", file, new SeededRandomSource(1));
    assertThat(corrupt.residuals()).isEmpty();
    assertThat(corrupt.stats().stateFile()).contains("is corrupt: checksum");
    assertThat(setAside()).hasSize(2).anySatisfy(p -> assertThat(p).hasContent(corruptText));

    Files.writeString(file, text.substring(0, text.length() / 2));
    OnlineLearner truncated =
        new OnlineLearner(0.5, "model-a", "model", file, new SeededRandomSource(1));
    assertThat(truncated.residuals()).isEmpty();
    assertThat(truncated.stats().stateFile()).contains("not a complete online-learning state file");
  }

  private java.util.List<Path> setAside() throws java.io.IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().contains(".rejected-")).toList();
    }
  }

  @Test
  void anUnsaveableStateFileIsLoggedNotThrown() throws Exception {
    Path file = dir.resolve("missing-folder").resolve("rl.state");
    OnlineLearner learner = new OnlineLearner(0.5, "m", "model", file, new SeededRandomSource(1));
    run(learner, endpoints(2), new long[] {3_000_000, 1_000_000}, 3, new long[] {0});
    assertThat(learner.save()).isFalse();
  }
}
