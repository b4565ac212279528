package io.github.fulcrumlb.sim.workload;

import java.util.SplittableRandom;

/**
 * The arrival times of one run, drawn from an {@link ArrivalSpec}. Homogeneous Poisson arrivals
 * take one exponential draw each; modulated ones (bursts, daily cycle, surges) are drawn by
 * thinning a Poisson process at the peak rate. Deterministic given the generator. Not thread-safe.
 */
public final class ArrivalProcess {
  private final ArrivalSpec spec;
  private final SplittableRandom random;
  private final boolean homogeneous;
  private final double calmRate;
  private final double peakRate;
  private double nowSeconds;
  private boolean burst;
  private double nextSwitchSeconds;

  /** The process of {@code spec}, drawing from {@code random}, starting at time 0. */
  public ArrivalProcess(ArrivalSpec spec, SplittableRandom random) {
    this.spec = spec;
    this.random = random;
    double rate = spec.rate();
    double peak = rate;
    double calm = rate;
    switch (spec.process()) {
      case MMPP -> {
        double burstShare =
            spec.meanBurstSeconds() / (spec.meanCalmSeconds() + spec.meanBurstSeconds());
        calm = rate / (1 + burstShare * (spec.burstFactor() - 1));
        peak = calm * spec.burstFactor();
        nextSwitchSeconds = exponential(spec.meanCalmSeconds());
      }
      case DIURNAL -> peak = rate * (1 + spec.amplitude());
      case POISSON -> {}
    }
    double maxSurge = 1;
    for (ArrivalSpec.Surge s : spec.surges()) {
      maxSurge = Math.max(maxSurge, s.factor());
    }
    this.calmRate = calm;
    this.peakRate = peak * maxSurge;
    this.homogeneous =
        (spec.process() == ArrivalSpec.Process.POISSON && spec.surges().isEmpty())
            || (spec.process() == ArrivalSpec.Process.MMPP
                && spec.burstFactor() == 1
                && spec.surges().isEmpty());
  }

  /** Time of the next arrival in simulated seconds; each call advances the process. */
  public double nextSeconds() {
    if (homogeneous) {
      nowSeconds += exponential(1 / calmRate);
      return nowSeconds;
    }
    while (true) {
      nowSeconds += exponential(1 / peakRate);
      if (random.nextDouble() * peakRate < rateAt(nowSeconds)) {
        return nowSeconds;
      }
    }
  }

  /** Instantaneous rate at {@code t}; advances the burst state to {@code t} (t never decreases). */
  private double rateAt(double t) {
    double rate;
    switch (spec.process()) {
      case MMPP -> {
        while (t >= nextSwitchSeconds) {
          burst = !burst;
          nextSwitchSeconds +=
              exponential(burst ? spec.meanBurstSeconds() : spec.meanCalmSeconds());
        }
        rate = burst ? calmRate * spec.burstFactor() : calmRate;
      }
      case DIURNAL ->
          rate =
              spec.rate()
                  * (1 + spec.amplitude() * Math.sin(2 * Math.PI * t / spec.periodSeconds()));
      default -> rate = spec.rate();
    }
    for (ArrivalSpec.Surge s : spec.surges()) {
      if (t >= s.atSeconds() && t < s.atSeconds() + s.durationSeconds()) {
        rate *= s.factor();
      }
    }
    return rate;
  }

  private double exponential(double mean) {
    return -mean * Math.log(1.0 - random.nextDouble());
  }
}
