package io.github.fulcrumlb.sim.scenario;

import io.github.fulcrumlb.sim.balancer.BalancerSpec;
import io.github.fulcrumlb.sim.cluster.BackendSpec;
import io.github.fulcrumlb.sim.cluster.FaultSpec;
import io.github.fulcrumlb.sim.cluster.MetricsSpec;
import io.github.fulcrumlb.sim.workload.ArrivalSpec;
import io.github.fulcrumlb.sim.workload.KeySpec;
import io.github.fulcrumlb.sim.workload.RequestSpec;
import io.github.fulcrumlb.sim.workload.SizeDistribution;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a simulation run needs except the strategy: the backends, the workload, what the
 * balancers see, faults, the run length and the seed. Immutable and validated; usually read from a
 * scenario file by {@link ScenarioLoader}, which documents the file format.
 *
 * <pre>{@code
 * Scenario s = ScenarioLoader.bundled("heterogeneous").withSeed(7).withRequests(200_000);
 * }</pre>
 *
 * @param name short name, shown in reports
 * @param description one or more sentences saying what the scenario models
 * @param seed seed of every random stream of a run
 * @param requests requests per run, in [1, 2^31)
 * @param warmup first requests left out of the statistics, in [0, requests)
 * @param backends the backends, unique ids, at least one
 * @param arrivals when requests arrive
 * @param sizes how much work they carry
 * @param keys their affinity keys
 * @param request timeout and per-request resource use
 * @param metrics how host metrics reach the balancers
 * @param balancers how many balancers, and their refresh and health checks
 * @param faults crashes and slowdowns, each naming an existing backend or {@code all}
 * @param window the part of the run reports also measure on its own (after a change), or {@link
 *     ReportWindow#NONE}
 */
public record Scenario(
    String name,
    String description,
    long seed,
    long requests,
    long warmup,
    List<BackendSpec> backends,
    ArrivalSpec arrivals,
    SizeDistribution sizes,
    KeySpec keys,
    RequestSpec request,
    MetricsSpec metrics,
    BalancerSpec balancers,
    List<FaultSpec> faults,
    ReportWindow window) {

  /** Validates every field and the references between them. */
  public Scenario {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be empty");
    }
    description = description == null ? "" : description.strip();
    if (requests < 1 || requests > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("requests must be in [1, 2147483647] but was " + requests);
    }
    if (warmup < 0 || warmup >= requests) {
      throw new IllegalArgumentException(
          "warmup must be in [0, requests) = [0, " + requests + ") but was " + warmup);
    }
    backends = List.copyOf(backends);
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("backends must not be empty");
    }
    Set<String> ids = new HashSet<>();
    for (BackendSpec b : backends) {
      if (!ids.add(b.id())) {
        throw new IllegalArgumentException("backend ids must be unique but " + b.id() + " repeats");
      }
    }
    faults = List.copyOf(faults);
    Set<String> stalled = new HashSet<>();
    for (FaultSpec f : faults) {
      if (!f.backend().equals("all") && !ids.contains(f.backend())) {
        throw new IllegalArgumentException(
            "fault backend " + f.backend() + " is not a backend id (nor \"all\")");
      }
      if (f instanceof FaultSpec.Stall
          && (stalled.contains("all")
              || (!stalled.isEmpty() && f.backend().equals("all"))
              || !stalled.add(f.backend()))) {
        throw new IllegalArgumentException(
            "backend "
                + f.backend()
                + " has two stall faults; give each backend at most one"
                + " (a stall on \"all\" counts for every backend)");
      }
    }
    if (arrivals == null
        || sizes == null
        || keys == null
        || request == null
        || metrics == null
        || balancers == null
        || window == null) {
      throw new IllegalArgumentException("every part of a scenario must be given");
    }
  }

  /** Total work units per second of all backends, without background load. */
  public double capacity() {
    double sum = 0;
    for (BackendSpec b : backends) {
      sum += b.capacity();
    }
    return sum;
  }

  /** Offered load: arrival rate × mean size / capacity. */
  public double load() {
    return arrivals.rate() * sizes.mean() / capacity();
  }

  /** This scenario with another seed. */
  public Scenario withSeed(long newSeed) {
    return new Scenario(
        name,
        description,
        newSeed,
        requests,
        warmup,
        backends,
        arrivals,
        sizes,
        keys,
        request,
        metrics,
        balancers,
        faults,
        window);
  }

  /** This scenario with another run length; the warmup keeps its share of the run. */
  public Scenario withRequests(long newRequests) {
    long newWarmup =
        Math.min(newRequests - 1, Math.round((double) warmup / requests * newRequests));
    return new Scenario(
        name,
        description,
        seed,
        newRequests,
        newWarmup,
        backends,
        arrivals,
        sizes,
        keys,
        request,
        metrics,
        balancers,
        faults,
        window);
  }

  /** This scenario with another balancer configuration. */
  public Scenario withBalancers(BalancerSpec newBalancers) {
    return new Scenario(
        name,
        description,
        seed,
        requests,
        warmup,
        backends,
        arrivals,
        sizes,
        keys,
        request,
        metrics,
        newBalancers,
        faults,
        window);
  }

  /** This scenario with another host-metrics configuration. */
  public Scenario withMetrics(MetricsSpec newMetrics) {
    return new Scenario(
        name,
        description,
        seed,
        requests,
        warmup,
        backends,
        arrivals,
        sizes,
        keys,
        request,
        newMetrics,
        balancers,
        faults,
        window);
  }

  /** This scenario with another report window ({@link ReportWindow#NONE} for none). */
  public Scenario withWindow(ReportWindow newWindow) {
    return new Scenario(
        name,
        description,
        seed,
        requests,
        warmup,
        backends,
        arrivals,
        sizes,
        keys,
        request,
        metrics,
        balancers,
        faults,
        newWindow);
  }
}
