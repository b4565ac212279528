package io.github.fulcrumlb.rl.training;

import io.github.fulcrumlb.rl.model.CostModel;
import io.github.fulcrumlb.rl.serving.FeatureObserver;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import io.github.fulcrumlb.sim.Simulation;
import io.github.fulcrumlb.sim.report.RunResult;
import io.github.fulcrumlb.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a checkpoint by the episode reward on every base scenario (as written, not randomised)
 * with a validation seed of its own, relative to {@code p2c} on the same requests: the mean over
 * scenarios of ln(rl / p2c) for the penalised mean latency and for the p99. Lower is better; 0 is
 * as good as {@code p2c}.
 *
 * <pre>{@code
 * Validation v = new Validation(scenarios, 12345);
 * double score = v.score(model);
 * }</pre>
 */
final class Validation {
  /** Requests per validation run, at most (the scenario's own length when shorter). */
  static final long MAX_REQUESTS = 200_000;

  private final List<Scenario> scenarios = new ArrayList<>();
  private final List<RunResult> baselines = new ArrayList<>();

  Validation(List<Scenario> bases, long seed) {
    for (int i = 0; i < bases.size(); i++) {
      Scenario s = bases.get(i).withSeed(seed + i);
      if (s.requests() > MAX_REQUESTS) {
        s = s.withRequests(MAX_REQUESTS);
      }
      scenarios.add(s);
      baselines.add(Simulation.of(s).run("p2c"));
    }
  }

  double score(CostModel model) {
    double sum = 0;
    for (int i = 0; i < scenarios.size(); i++) {
      RunResult rl =
          Simulation.of(scenarios.get(i))
              .run(RlStrategy.NAME, ctx -> new RlStrategy(model, ctx, FeatureObserver.NONE));
      RunResult base = baselines.get(i);
      sum +=
          Math.log(penalised(rl) / penalised(base))
              + Math.log(Math.max(rl.p99Millis(), 1e-6) / Math.max(base.p99Millis(), 1e-6));
    }
    return sum / scenarios.size();
  }

  private static double penalised(RunResult r) {
    return Math.max(r.meanMillis(), 1e-6) * (1 + 10 * r.unsuccessfulFraction());
  }
}
