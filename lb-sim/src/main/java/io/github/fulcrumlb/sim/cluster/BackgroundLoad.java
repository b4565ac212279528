package io.github.fulcrumlb.sim.cluster;

import java.util.SplittableRandom;

/**
 * The background level of one backend over a run, drawn from a {@link BackgroundSpec}: a piecewise
 * constant function of time, consumed change by change. Not thread-safe.
 *
 * <pre>{@code
 * BackgroundLoad bg = new BackgroundLoad(spec, random);
 * server.setBackground(0, bg.level());
 * // at bg.nextChangeSeconds(): bg.advance(); server.setBackground(now, bg.level());
 * }</pre>
 */
public final class BackgroundLoad {
  private final BackgroundSpec spec;
  private final SplittableRandom random;
  private double level;
  private double nextChange;
  private boolean on;
  private int stepIndex;

  /** The process of {@code spec}, drawing from {@code random}, at time 0. */
  public BackgroundLoad(BackgroundSpec spec, SplittableRandom random) {
    if (spec instanceof BackgroundSpec.Idle idle) {
      spec = idle.load(); // the level over time is the inner load's; the server knows the priority
    }
    this.spec = spec;
    this.random = random;
    if (spec instanceof BackgroundSpec.Constant c) {
      level = c.level();
      nextChange = Double.POSITIVE_INFINITY;
    } else if (spec instanceof BackgroundSpec.OnOff o) {
      on = random.nextDouble() < o.meanOnSeconds() / (o.meanOnSeconds() + o.meanOffSeconds());
      level = on ? o.onLevel() : o.offLevel();
      nextChange = exponential(on ? o.meanOnSeconds() : o.meanOffSeconds());
    } else if (spec instanceof BackgroundSpec.Drift d) {
      level = d.mean();
      nextChange = d.stepSeconds();
    } else if (spec instanceof BackgroundSpec.Steps s) {
      level = s.initialLevel();
      nextChange = s.steps().isEmpty() ? Double.POSITIVE_INFINITY : s.steps().get(0).atSeconds();
    }
  }

  /** The current level. */
  public double level() {
    return level;
  }

  /** When the level changes next, simulated seconds; infinite if never. */
  public double nextChangeSeconds() {
    return nextChange;
  }

  /** Moves to the change at {@link #nextChangeSeconds()}. */
  public void advance() {
    double now = nextChange;
    if (spec instanceof BackgroundSpec.OnOff o) {
      on = !on;
      level = on ? o.onLevel() : o.offLevel();
      nextChange = now + exponential(on ? o.meanOnSeconds() : o.meanOffSeconds());
    } else if (spec instanceof BackgroundSpec.Drift d) {
      double dt = d.stepSeconds();
      double next =
          level
              + d.reversionPerSecond() * (d.mean() - level) * dt
              + d.volatility() * Math.sqrt(dt) * gaussian();
      level = Math.max(0, Math.min(BackgroundSpec.MAX_LEVEL, next));
      nextChange = now + dt;
    } else if (spec instanceof BackgroundSpec.Steps s) {
      level = s.steps().get(stepIndex).level();
      stepIndex++;
      nextChange =
          stepIndex < s.steps().size()
              ? s.steps().get(stepIndex).atSeconds()
              : Double.POSITIVE_INFINITY;
    } else {
      nextChange = Double.POSITIVE_INFINITY;
    }
  }

  private double exponential(double mean) {
    return -mean * Math.log(1.0 - random.nextDouble());
  }

  private double gaussian() {
    // Box-Muller; one of the pair is enough here (changes are rare).
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
