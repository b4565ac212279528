package io.github.fulcrumlb.rl.training;

import io.github.fulcrumlb.sim.balancer.BalancerSpec;
import io.github.fulcrumlb.sim.cluster.BackendSpec;
import io.github.fulcrumlb.sim.cluster.MetricsSpec;
import io.github.fulcrumlb.sim.scenario.ReportWindow;
import io.github.fulcrumlb.sim.scenario.Scenario;
import io.github.fulcrumlb.sim.workload.ArrivalSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Varies a scenario per episode so that the model does not learn one cluster by heart: backend
 * speeds (log-normal jitter), backend count (the list doubled), offered load (30–95%), metric
 * period and lag, and the number of balancers K. Each change is applied with some probability, so
 * the scenario as written is also seen.
 *
 * <pre>{@code
 * Scenario episode = new DomainRandomizer().randomize(base, new SplittableRandom(seed));
 * }</pre>
 */
public final class DomainRandomizer {

  /** A randomised variant of {@code base}; its seed is left to the caller. */
  public Scenario randomize(Scenario base, SplittableRandom rnd) {
    List<BackendSpec> backends = new ArrayList<>(base.backends());
    if (rnd.nextDouble() < 0.5) {
      double spread = 0.2 + 0.5 * rnd.nextDouble();
      for (int i = 0; i < backends.size(); i++) {
        BackendSpec b = backends.get(i);
        double factor = Math.exp(spread * gaussian(rnd));
        backends.set(
            i,
            new BackendSpec(
                b.id(),
                b.weight(),
                b.concurrency(),
                b.rate() * factor,
                b.queueLimit(),
                b.memoryBase(),
                b.background()));
      }
    }
    if (base.faults().isEmpty() && backends.size() <= 32 && rnd.nextDouble() < 0.25) {
      List<BackendSpec> doubled = new ArrayList<>(backends);
      for (BackendSpec b : backends) {
        doubled.add(
            new BackendSpec(
                b.id() + "-x",
                b.weight(),
                b.concurrency(),
                b.rate(),
                b.queueLimit(),
                b.memoryBase(),
                b.background()));
      }
      backends = doubled;
    }
    double capacity = 0;
    for (BackendSpec b : backends) {
      capacity += b.capacity();
    }
    ArrivalSpec a = base.arrivals();
    double load = base.load();
    if (rnd.nextDouble() < 0.75) {
      load = 0.3 + 0.65 * rnd.nextDouble();
    }
    double rate = load * capacity / base.sizes().mean();
    ArrivalSpec arrivals =
        new ArrivalSpec(
            a.process(),
            rate,
            a.burstFactor(),
            a.meanCalmSeconds(),
            a.meanBurstSeconds(),
            a.periodSeconds(),
            a.amplitude(),
            a.surges());
    MetricsSpec metrics = base.metrics();
    if (metrics.periodSeconds() > 0 && rnd.nextDouble() < 0.5) {
      double[] periods = {1, 2, 5, 10, 15};
      metrics =
          new MetricsSpec(
              periods[rnd.nextInt(periods.length)], 0.2 + 2.8 * rnd.nextDouble(), metrics.noise());
    }
    BalancerSpec balancers = base.balancers();
    if (rnd.nextDouble() < 0.3) {
      int[] ks = {1, 2, 4, 8};
      balancers =
          new BalancerSpec(
              ks[rnd.nextInt(ks.length)],
              balancers.refreshSeconds(),
              balancers.detectFailureSeconds(),
              balancers.strategyOptions());
    }
    return new Scenario(
        base.name(),
        base.description(),
        base.seed(),
        base.requests(),
        base.warmup(),
        backends,
        arrivals,
        base.sizes(),
        base.keys(),
        base.request(),
        metrics,
        balancers,
        base.faults(),
        ReportWindow.NONE); // training scores whole runs
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = Math.max(1e-12, rnd.nextDouble());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }
}
