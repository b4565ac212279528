package io.github.fulcrumlb.sim;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.sim.balancer.SimulatedBalancer;
import io.github.fulcrumlb.sim.cluster.BackgroundLoad;
import io.github.fulcrumlb.sim.cluster.FaultSpec;
import io.github.fulcrumlb.sim.cluster.HostSampler;
import io.github.fulcrumlb.sim.cluster.Server;
import io.github.fulcrumlb.sim.cluster.StallSchedule;
import io.github.fulcrumlb.sim.engine.EventQueue;
import io.github.fulcrumlb.sim.engine.RandomStreams;
import io.github.fulcrumlb.sim.engine.SimulatedClock;
import io.github.fulcrumlb.sim.oracle.Clairvoyant;
import io.github.fulcrumlb.sim.report.RunResult;
import io.github.fulcrumlb.sim.scenario.Scenario;
import io.github.fulcrumlb.sim.workload.ArrivalProcess;
import io.github.fulcrumlb.sim.workload.KeySampler;
import io.github.fulcrumlb.sim.workload.SizeDistribution;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One run of one scenario with either a set of balancers (each driving a strategy) or the
 * clairvoyant oracle: the event loop and its handlers. Single use, single thread.
 *
 * <p>Requests live in {@link RequestSlots}; events are (time, payload) pairs in an {@link
 * EventQueue}, the payload packing an {@link EventKind} and an index. A request has exactly one
 * departure event, always its last, which frees its slot; a timeout or a crash may tell its client
 * earlier. What is measured goes to {@link RunStatistics}; observers see the servers through a
 * {@link LiveClusterState}.
 */
final class ClusterRun {
  private static final int PROGRESS_EVERY = 1 << 16;

  private final Scenario scenario;
  private final String label;
  private final SimulatedClock clock;
  private final EventQueue queue = new EventQueue(1024);
  private final Server[] servers;
  private final SimulatedBalancer[] balancers;
  private final Clairvoyant oracle;
  private final RequestListener listener;
  private final ProgressListener progress;

  private final ArrivalProcess arrivals;
  private final SizeDistribution sizes;
  private final SplittableRandom sizeRandom;
  private final KeySampler keys;
  private final SplittableRandom balancerChoice;
  private final BackgroundLoad[] background;
  private final HostSampler sampler;
  private final ArrayDeque<HostMetrics[]> pendingSamples = new ArrayDeque<>();
  private final long timeoutNanos;
  private final long total;
  private final long warmup;
  private final RequestSlots slots = new RequestSlots();
  private final RunStatistics statistics;

  private long now;
  private long generated;

  ClusterRun(
      Scenario scenario,
      String label,
      SimulatedClock clock,
      SimulatedBalancer[] balancers,
      Clairvoyant oracle,
      RequestListener listener,
      ProgressListener progress) {
    this.scenario = scenario;
    this.label = label;
    this.clock = clock;
    this.balancers = balancers;
    if ((balancers == null) == (oracle == null)) {
      throw new IllegalArgumentException("a run has either balancers or an oracle");
    }
    this.oracle = oracle;
    this.listener = listener;
    this.progress = progress;
    RandomStreams streams = new RandomStreams(scenario.seed());
    int n = scenario.backends().size();
    servers = new Server[n];
    background = new BackgroundLoad[n];
    for (int i = 0; i < n; i++) {
      servers[i] = new Server(scenario.backends().get(i));
      background[i] =
          new BackgroundLoad(
              scenario.backends().get(i).background(), streams.stream(RandomStreams.BACKGROUND, i));
    }
    for (FaultSpec fault : scenario.faults()) {
      if (fault instanceof FaultSpec.Stall stall) {
        for (Server server : servers) {
          if (stall.backend().equals("all") || stall.backend().equals(server.spec().id())) {
            server.setStall(
                new StallSchedule(
                    nanos(stall.atSeconds()),
                    nanos(stall.atSeconds() + stall.durationSeconds()),
                    nanos(stall.pauseSeconds()),
                    nanos(stall.periodSeconds())));
          }
        }
      }
    }
    arrivals = new ArrivalProcess(scenario.arrivals(), streams.stream(RandomStreams.ARRIVALS, 0));
    balancerChoice = streams.stream(RandomStreams.ARRIVALS, 1);
    sizes = scenario.sizes();
    sizeRandom = streams.stream(RandomStreams.SIZES, 0);
    keys = new KeySampler(scenario.keys(), streams.stream(RandomStreams.KEYS, 0));
    sampler =
        new HostSampler(
            servers,
            scenario.metrics(),
            scenario.request().memoryPerRequest(),
            scenario.request().bytesIn(),
            scenario.request().bytesOut(),
            streams.stream(RandomStreams.METRIC_NOISE, 0));
    timeoutNanos = nanos(scenario.request().timeoutSeconds());
    total = scenario.requests();
    warmup = scenario.warmup();
    statistics = new RunStatistics(servers, scenario.window());
  }

  RunResult run() {
    listener.onStart(new LiveClusterState(servers, clock));
    scheduleStart();
    while (generated < total || slots.live() > 0) {
      long time = queue.peekTime();
      long event = queue.poll();
      clock.set(time);
      now = time;
      int index = EventKind.index(event);
      switch (EventKind.of(event)) {
        case ARRIVAL -> onArrival();
        case DEPARTURE -> onDeparture(index);
        case TIMEOUT -> onTimeout(index);
        case SAMPLE -> onSample();
        case DELIVER -> onDeliver();
        case REFRESH -> onRefresh();
        case BACKGROUND -> onBackgroundChange(index);
        case FAULT_START -> onFault(index, true);
        case FAULT_END -> onFault(index, false);
        case DETECT -> onDetect(index);
      }
    }
    progress.onProgress(label, generated, total);
    return statistics.result(label);
  }

  private void scheduleStart() {
    queue.add(nanos(arrivals.nextSeconds()), EventKind.ARRIVAL.payload());
    for (int i = 0; i < servers.length; i++) {
      servers[i].setBackground(0, background[i].level());
      scheduleBackground(i);
    }
    List<FaultSpec> faults = scenario.faults();
    for (int f = 0; f < faults.size(); f++) {
      if (faults.get(f) instanceof FaultSpec.Stall) {
        continue; // placed on its server's schedule up front
      }
      queue.add(nanos(faults.get(f).atSeconds()), EventKind.FAULT_START.with(f));
      double end = faults.get(f).atSeconds() + faults.get(f).durationSeconds();
      if (Double.isFinite(end)) {
        queue.add(nanos(end), EventKind.FAULT_END.with(f));
      }
    }
    if (balancers != null) {
      if (scenario.metrics().enabled()) {
        queue.add(nanos(scenario.metrics().periodSeconds()), EventKind.SAMPLE.payload());
      }
      if (scenario.balancers().refreshSeconds() > 0) {
        queue.add(nanos(scenario.balancers().refreshSeconds()), EventKind.REFRESH.payload());
      }
    }
  }

  private void onArrival() {
    long index = generated++;
    boolean isMeasured = index >= warmup;
    if (index == warmup) {
      statistics.startWindow(now);
    }
    double size = sizes.sample(sizeRandom);
    long key = keys.next();
    int k = 0;
    Endpoint endpoint = null;
    int b;
    if (balancers != null) {
      if (balancers.length > 1) {
        k = balancerChoice.nextInt(balancers.length);
      }
      SimulatedBalancer balancer = balancers[k];
      endpoint = balancer.pick(key);
      if (endpoint == null) {
        b = -1;
      } else {
        b = balancer.indexOf(endpoint);
        endpoint.load().requestStarted();
      }
    } else {
      b = oracle.choose(servers, now, size);
    }
    if (b < 0) {
      endAtOnce(k, b, endpoint, Outcome.FAILED, isMeasured);
    } else {
      if (isMeasured) {
        statistics.dispatched(b);
      }
      Server server = servers[b];
      if (!server.alive()) {
        endAtOnce(k, b, endpoint, Outcome.FAILED, isMeasured);
      } else if (server.queueFull()) {
        endAtOnce(k, b, endpoint, Outcome.DROPPED, isMeasured);
      } else {
        long done = server.admit(now, size);
        int slot = slots.allocate();
        slots.arrivalAt[slot] = now;
        slots.backendOf[slot] = b;
        slots.balancerOf[slot] = k;
        slots.endpointOf[slot] = endpoint;
        slots.flags[slot] =
            isMeasured ? (byte) (RequestSlots.IN_USE | RequestSlots.MEASURED) : RequestSlots.IN_USE;
        queue.add(done, EventKind.DEPARTURE.with(slot));
        if (timeoutNanos > 0 && done - now > timeoutNanos) {
          queue.add(now + timeoutNanos, EventKind.TIMEOUT.with(slot));
        }
      }
    }
    if (generated < total) {
      queue.add(Math.max(now, nanos(arrivals.nextSeconds())), EventKind.ARRIVAL.payload());
      if ((generated & (PROGRESS_EVERY - 1)) == 0) {
        progress.onProgress(label, generated, total);
      }
    } else {
      statistics.endWindow(now);
    }
  }

  private void onDeparture(int slot) {
    byte f = slots.flags[slot];
    if ((f & RequestSlots.KILLED) == 0) {
      servers[slots.backendOf[slot]].depart(now);
    }
    if ((f & RequestSlots.CLIENT_DONE) == 0) {
      finishClient(slot, now - slots.arrivalAt[slot], Outcome.OK);
    }
    slots.free(slot);
  }

  private void onTimeout(int slot) {
    if ((slots.flags[slot] & RequestSlots.CLIENT_DONE) == 0) {
      finishClient(slot, timeoutNanos, Outcome.TIMEOUT);
    }
  }

  private void finishClient(int slot, long latency, Outcome outcome) {
    slots.flags[slot] |= RequestSlots.CLIENT_DONE;
    boolean success = outcome == Outcome.OK;
    Endpoint endpoint = slots.endpointOf[slot];
    int k = slots.balancerOf[slot];
    if (endpoint != null) {
      endpoint.load().requestFinished(latency, success, now);
      balancers[k].strategy().onOutcome(endpoint, latency, success);
    }
    if ((slots.flags[slot] & RequestSlots.MEASURED) != 0) {
      statistics.count(outcome, latency, slots.arrivalAt[slot]);
    }
    listener.onRequestEnd(k, slots.backendOf[slot], slots.arrivalAt[slot], latency, outcome);
  }

  private void endAtOnce(int k, int b, Endpoint endpoint, Outcome outcome, boolean isMeasured) {
    if (endpoint != null) {
      endpoint.load().requestFinished(0, false, now);
      balancers[k].strategy().onOutcome(endpoint, 0, false);
    }
    if (isMeasured) {
      statistics.count(outcome, 0, now);
    }
    listener.onRequestEnd(k, b, now, 0, outcome);
  }

  private void onSample() {
    pendingSamples.add(sampler.sample(now, clock.currentTimeMillis()));
    queue.add(now + nanos(scenario.metrics().lagSeconds()), EventKind.DELIVER.payload());
    queue.add(now + nanos(scenario.metrics().periodSeconds()), EventKind.SAMPLE.payload());
  }

  private void onDeliver() {
    HostMetrics[] samples = pendingSamples.poll();
    for (SimulatedBalancer balancer : balancers) {
      balancer.onHostMetrics(samples);
    }
  }

  private void onRefresh() {
    for (SimulatedBalancer balancer : balancers) {
      balancer.refresh();
    }
    queue.add(now + nanos(scenario.balancers().refreshSeconds()), EventKind.REFRESH.payload());
  }

  private void onBackgroundChange(int b) {
    background[b].advance();
    servers[b].setBackground(now, background[b].level());
    scheduleBackground(b);
  }

  private void scheduleBackground(int b) {
    double next = background[b].nextChangeSeconds();
    if (Double.isFinite(next)) {
      queue.add(Math.max(now, nanos(next)), EventKind.BACKGROUND.with(b));
    }
  }

  private void onFault(int f, boolean start) {
    FaultSpec fault = scenario.faults().get(f);
    for (int b = 0; b < servers.length; b++) {
      if (!fault.backend().equals("all") && !fault.backend().equals(servers[b].spec().id())) {
        continue;
      }
      if (fault instanceof FaultSpec.Slowdown s) {
        if (s.offCpu()) {
          if (start) {
            servers[b].slowDownOffCpu(s.factor());
          } else {
            servers[b].recoverOffCpu(s.factor());
          }
        } else if (start) {
          servers[b].slowDown(s.factor());
        } else {
          servers[b].recover(s.factor());
        }
      } else if (start && servers[b].alive()) {
        crash(b);
      } else if (!start && !servers[b].alive()) {
        servers[b].revive();
        scheduleDetect(b);
      }
    }
  }

  private void crash(int b) {
    servers[b].kill(now);
    for (int slot = 0; slot < slots.everUsed(); slot++) {
      byte f = slots.flags[slot];
      if ((f & RequestSlots.IN_USE) != 0
          && (f & RequestSlots.KILLED) == 0
          && slots.backendOf[slot] == b) {
        slots.flags[slot] = (byte) (f | RequestSlots.KILLED);
        if ((f & RequestSlots.CLIENT_DONE) == 0) {
          finishClient(slot, now - slots.arrivalAt[slot], Outcome.FAILED);
        }
      }
    }
    scheduleDetect(b);
  }

  private void scheduleDetect(int b) {
    if (balancers != null) {
      queue.add(now + nanos(scenario.balancers().detectFailureSeconds()), EventKind.DETECT.with(b));
    }
  }

  private void onDetect(int b) {
    for (SimulatedBalancer balancer : balancers) {
      balancer.setHealthy(b, servers[b].alive());
    }
  }

  static long nanos(double seconds) {
    double n = seconds * 1e9;
    return n >= Long.MAX_VALUE / 2.0 ? Long.MAX_VALUE / 2 : (long) n;
  }
}
