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
 * Validation v = new Validation(scenarios, 12345, true);
 * double score = v.score(model);
 * }</pre>
 */
final class Validation {
  /**
   * Requests per validation run, at most (the scenario's own length when shorter), unless more are
   * needed to reach 30 s past the scenario's last fault.
   */
  static final long MAX_REQUESTS = 200_000;

  /** Weight of the unsuccessful fraction in {@link #reward}. */
  static final double UNSUCCESSFUL_PENALTY = 10;

  private final List<Scenario> scenarios = new ArrayList<>();
  private final List<MetricDropout> dropouts = new ArrayList<>();
  private final List<RunResult> baselines = new ArrayList<>();

  /**
   * @param withoutMetrics also score every scenario that has host metrics with them taken away
   *     ({@link MetricDropout#ALL}; {@code p2c}, the baseline, does not read them)
   */
  Validation(List<Scenario> bases, long seed, boolean withoutMetrics) {
    for (int i = 0; i < bases.size(); i++) {
      Scenario s = bases.get(i).withSeed(seed + i);
      if (s.requests() > MAX_REQUESTS) {
        // Shorter, but never so short that a fault (a stall half-way through) does not happen.
        s =
            s.withRequests(
                Math.min(s.requests(), Math.max(MAX_REQUESTS, RlTrainer.throughFaults(s))));
      }
      RunResult baseline = Simulation.of(s).run("p2c");
      scenarios.add(s);
      dropouts.add(MetricDropout.NONE);
      baselines.add(baseline);
      if (withoutMetrics && s.metrics().enabled()) {
        scenarios.add(s);
        dropouts.add(MetricDropout.ALL);
        baselines.add(baseline);
      }
    }
  }

  double score(CostModel model) {
    double sum = 0;
    for (int i = 0; i < scenarios.size(); i++) {
      MetricDropout dropout = dropouts.get(i);
      RunResult rl =
          Simulation.of(scenarios.get(i))
              .run(
                  RlStrategy.NAME,
                  ctx ->
                      dropout.wrap(
                          new RlStrategy(model, ctx, FeatureObserver.NONE), ctx.time()::nanoTime));
      RunResult base = baselines.get(i);
      sum +=
          Math.log(penalised(rl) / penalised(base))
              + Math.log(Math.max(rl.p99Millis(), 1e-6) / Math.max(base.p99Millis(), 1e-6));
    }
    return sum / scenarios.size();
  }

  /**
   * The episode reward, the one formula training reports and validation scores: minus the mean
   * latency (ms), scaled up by 10× the fraction of unsuccessful requests.
   */
  static double reward(RunResult r) {
    return -r.meanMillis() * (1 + UNSUCCESSFUL_PENALTY * r.unsuccessfulFraction());
  }

  /** {@code -reward}, kept above 0 for the log ratio. */
  private static double penalised(RunResult r) {
    return Math.max(-reward(r), 1e-6);
  }
}
