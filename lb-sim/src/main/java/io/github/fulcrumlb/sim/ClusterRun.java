package io.github.fulcrumlb.sim;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.sim.balancer.SimulatedBalancer;
import io.github.fulcrumlb.sim.cluster.BackgroundLoad;
import io.github.fulcrumlb.sim.cluster.FaultSpec;
import io.github.fulcrumlb.sim.cluster.HostSampler;
import io.github.fulcrumlb.sim.cluster.Server;
import io.github.fulcrumlb.sim.engine.EventQueue;
import io.github.fulcrumlb.sim.engine.RandomStreams;
import io.github.fulcrumlb.sim.engine.SimulatedClock;
import io.github.fulcrumlb.sim.oracle.Clairvoyant;
import io.github.fulcrumlb.sim.report.BackendResult;
import io.github.fulcrumlb.sim.report.RunResult;
import io.github.fulcrumlb.sim.scenario.Scenario;
import io.github.fulcrumlb.sim.workload.ArrivalProcess;
import io.github.fulcrumlb.sim.workload.KeySampler;
import io.github.fulcrumlb.sim.workload.SizeDistribution;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * One run of one scenario with either a set of balancers (each driving a strategy) or the
 * clairvoyant oracle: the event loop and its handlers. Single use, single thread.
 *
 * <p>Requests live in recycled slots of parallel arrays; events are (time, payload) pairs in an
 * {@link EventQueue}, the payload packing an event kind in its top byte and an index (request slot,
 * backend or fault) in its low 32 bits. A request has exactly one departure event, always its last,
 * which frees its slot; a timeout or a crash may tell its client earlier.
 */
final class ClusterRun implements ClusterView {
  private static final int KIND_SHIFT = 56;
  private static final long ARRIVAL = 1L << KIND_SHIFT;
  private static final long DEPARTURE = 2L << KIND_SHIFT;
  private static final long TIMEOUT = 3L << KIND_SHIFT;
  private static final long SAMPLE = 4L << KIND_SHIFT;
  private static final long DELIVER = 5L << KIND_SHIFT;
  private static final long REFRESH = 6L << KIND_SHIFT;
  private static final long BACKGROUND = 7L << KIND_SHIFT;
  private static final long FAULT_START = 8L << KIND_SHIFT;
  private static final long FAULT_END = 9L << KIND_SHIFT;
  private static final long DETECT = 10L << KIND_SHIFT;

  private static final byte IN_USE = 1;
  private static final byte CLIENT_DONE = 2;
  private static final byte KILLED = 4;
  private static final byte MEASURED = 8;
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

  private long now;
  private long generated;
  private int liveSlots;
  private long[] arrivalAt = new long[1024];
  private int[] backendOf = new int[1024];
  private int[] balancerOf = new int[1024];
  private Endpoint[] endpointOf = new Endpoint[1024];
  private byte[] flags = new byte[1024];
  private int[] freeSlots = new int[1024];
  private int freeCount;
  private int slotsEverUsed;

  private final Histogram histogram = new Histogram(3);
  private double latencySum;
  private long measured;
  private long ok;
  private long timeouts;
  private long drops;
  private long failures;
  private final long[] dispatched;
  private long windowStart;
  private long windowEnd;
  private final long[] busyAtStart;
  private final long[] busyAtEnd;
  private double areaAtStart;
  private double areaAtEnd;

  ClusterRun(
      Scenario scenario,
      String label,
      SimulatedClock clock,
      SimulatedBalancer[] balancers,
      RequestListener listener,
      ProgressListener progress) {
    this.scenario = scenario;
    this.label = label;
    this.clock = clock;
    this.balancers = balancers;
    this.oracle = balancers == null ? new Clairvoyant() : null;
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
    dispatched = new long[n];
    busyAtStart = new long[n];
    busyAtEnd = new long[n];
    for (int i = 0; i < 1024; i++) {
      freeSlots[i] = 1023 - i;
    }
    freeCount = 1024;
  }

  RunResult run() {
    listener.onStart(this);
    scheduleStart();
    while (generated < total || liveSlots > 0) {
      long time = queue.peekTime();
      long event = queue.poll();
      clock.set(time);
      now = time;
      int index = (int) event;
      switch ((int) (event >>> KIND_SHIFT)) {
        case 1 -> onArrival();
        case 2 -> onDeparture(index);
        case 3 -> onTimeout(index);
        case 4 -> onSample();
        case 5 -> onDeliver();
        case 6 -> onRefresh();
        case 7 -> onBackgroundChange(index);
        case 8 -> onFault(index, true);
        case 9 -> onFault(index, false);
        case 10 -> onDetect(index);
        default -> throw new IllegalStateException("unknown event " + Long.toHexString(event));
      }
    }
    progress.onProgress(label, generated, total);
    return result();
  }

  private void scheduleStart() {
    queue.add(nanos(arrivals.nextSeconds()), ARRIVAL);
    for (int i = 0; i < servers.length; i++) {
      servers[i].setBackground(0, background[i].level());
      scheduleBackground(i);
    }
    List<FaultSpec> faults = scenario.faults();
    for (int f = 0; f < faults.size(); f++) {
      queue.add(nanos(faults.get(f).atSeconds()), FAULT_START | f);
      double end = faults.get(f).atSeconds() + faults.get(f).durationSeconds();
      if (Double.isFinite(end)) {
        queue.add(nanos(end), FAULT_END | f);
      }
    }
    if (balancers != null) {
      if (scenario.metrics().enabled()) {
        queue.add(nanos(scenario.metrics().periodSeconds()), SAMPLE);
      }
      if (scenario.balancers().refreshSeconds() > 0) {
        queue.add(nanos(scenario.balancers().refreshSeconds()), REFRESH);
      }
    }
  }

  private void onArrival() {
    long index = generated++;
    boolean isMeasured = index >= warmup;
    if (index == warmup) {
      startWindow();
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
        dispatched[b]++;
      }
      Server server = servers[b];
      if (!server.alive()) {
        endAtOnce(k, b, endpoint, Outcome.FAILED, isMeasured);
      } else if (server.queueFull()) {
        endAtOnce(k, b, endpoint, Outcome.DROPPED, isMeasured);
      } else {
        long done = server.admit(now, size);
        int slot = allocateSlot();
        arrivalAt[slot] = now;
        backendOf[slot] = b;
        balancerOf[slot] = k;
        endpointOf[slot] = endpoint;
        flags[slot] = isMeasured ? (byte) (IN_USE | MEASURED) : IN_USE;
        queue.add(done, DEPARTURE | slot);
        if (timeoutNanos > 0 && done - now > timeoutNanos) {
          queue.add(now + timeoutNanos, TIMEOUT | slot);
        }
      }
    }
    if (generated < total) {
      queue.add(Math.max(now, nanos(arrivals.nextSeconds())), ARRIVAL);
      if ((generated & (PROGRESS_EVERY - 1)) == 0) {
        progress.onProgress(label, generated, total);
      }
    } else {
      endWindow();
    }
  }

  private void onDeparture(int slot) {
    byte f = flags[slot];
    if ((f & KILLED) == 0) {
      servers[backendOf[slot]].depart(now);
    }
    if ((f & CLIENT_DONE) == 0) {
      finishClient(slot, now - arrivalAt[slot], Outcome.OK);
    }
    flags[slot] = 0;
    endpointOf[slot] = null;
    freeSlots[freeCount++] = slot;
    liveSlots--;
  }

  private void onTimeout(int slot) {
    if ((flags[slot] & CLIENT_DONE) == 0) {
      finishClient(slot, timeoutNanos, Outcome.TIMEOUT);
    }
  }

  private void finishClient(int slot, long latency, Outcome outcome) {
    flags[slot] |= CLIENT_DONE;
    boolean success = outcome == Outcome.OK;
    Endpoint endpoint = endpointOf[slot];
    int k = balancerOf[slot];
    if (endpoint != null) {
      endpoint.load().requestFinished(latency, success, now);
      balancers[k].strategy().onOutcome(endpoint, latency, success);
    }
    if ((flags[slot] & MEASURED) != 0) {
      count(outcome, latency);
    }
    listener.onRequestEnd(k, backendOf[slot], arrivalAt[slot], latency, outcome);
  }

  private void endAtOnce(int k, int b, Endpoint endpoint, Outcome outcome, boolean isMeasured) {
    if (endpoint != null) {
      endpoint.load().requestFinished(0, false, now);
      balancers[k].strategy().onOutcome(endpoint, 0, false);
    }
    if (isMeasured) {
      count(outcome, 0);
    }
    listener.onRequestEnd(k, b, now, 0, outcome);
  }

  private void count(Outcome outcome, long latency) {
    measured++;
    switch (outcome) {
      case OK -> {
        ok++;
        histogram.recordValue(latency);
        latencySum += latency;
      }
      case TIMEOUT -> {
        timeouts++;
        histogram.recordValue(latency);
        latencySum += latency;
      }
      case DROPPED -> drops++;
      case FAILED -> failures++;
    }
  }

  private void onSample() {
    pendingSamples.add(sampler.sample(now, clock.currentTimeMillis()));
    queue.add(now + nanos(scenario.metrics().lagSeconds()), DELIVER);
    queue.add(now + nanos(scenario.metrics().periodSeconds()), SAMPLE);
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
    queue.add(now + nanos(scenario.balancers().refreshSeconds()), REFRESH);
  }

  private void onBackgroundChange(int b) {
    background[b].advance();
    servers[b].setBackground(now, background[b].level());
    scheduleBackground(b);
  }

  private void scheduleBackground(int b) {
    double next = background[b].nextChangeSeconds();
    if (Double.isFinite(next)) {
      queue.add(Math.max(now, nanos(next)), BACKGROUND | b);
    }
  }

  private void onFault(int f, boolean start) {
    FaultSpec fault = scenario.faults().get(f);
    for (int b = 0; b < servers.length; b++) {
      if (!fault.backend().equals("all") && !fault.backend().equals(servers[b].spec().id())) {
        continue;
      }
      if (fault instanceof FaultSpec.Slowdown s) {
        if (start) {
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
    for (int slot = 0; slot < slotsEverUsed; slot++) {
      byte f = flags[slot];
      if ((f & IN_USE) != 0 && (f & KILLED) == 0 && backendOf[slot] == b) {
        flags[slot] = (byte) (f | KILLED);
        if ((f & CLIENT_DONE) == 0) {
          finishClient(slot, now - arrivalAt[slot], Outcome.FAILED);
        }
      }
    }
    scheduleDetect(b);
  }

  private void scheduleDetect(int b) {
    if (balancers != null) {
      queue.add(now + nanos(scenario.balancers().detectFailureSeconds()), DETECT | b);
    }
  }

  private void onDetect(int b) {
    for (SimulatedBalancer balancer : balancers) {
      balancer.setHealthy(b, servers[b].alive());
    }
  }

  private int allocateSlot() {
    if (freeCount == 0) {
      grow();
    }
    int slot = freeSlots[--freeCount];
    slotsEverUsed = Math.max(slotsEverUsed, slot + 1);
    liveSlots++;
    return slot;
  }

  private void grow() {
    int old = flags.length;
    int size = old * 2;
    arrivalAt = Arrays.copyOf(arrivalAt, size);
    backendOf = Arrays.copyOf(backendOf, size);
    balancerOf = Arrays.copyOf(balancerOf, size);
    endpointOf = Arrays.copyOf(endpointOf, size);
    flags = Arrays.copyOf(flags, size);
    freeSlots = Arrays.copyOf(freeSlots, size);
    for (int i = 0; i < old; i++) {
      freeSlots[freeCount++] = size - 1 - i;
    }
  }

  private void startWindow() {
    windowStart = now;
    areaAtStart = 0;
    for (int i = 0; i < servers.length; i++) {
      busyAtStart[i] = servers[i].busyNanosUpTo(now);
      areaAtStart += servers[i].inSystemAreaUpTo(now);
    }
  }

  private void endWindow() {
    windowEnd = now;
    areaAtEnd = 0;
    for (int i = 0; i < servers.length; i++) {
      busyAtEnd[i] = servers[i].busyNanosUpTo(now);
      areaAtEnd += servers[i].inSystemAreaUpTo(now);
    }
  }

  private RunResult result() {
    double window = Math.max(1, windowEnd - windowStart);
    List<BackendResult> perBackend = new ArrayList<>(servers.length);
    long sent = 0;
    for (long d : dispatched) {
      sent += d;
    }
    for (int i = 0; i < servers.length; i++) {
      double util = (busyAtEnd[i] - busyAtStart[i]) / (window * servers[i].concurrency());
      perBackend.add(
          new BackendResult(
              servers[i].spec().id(),
              dispatched[i],
              sent == 0 ? 0 : (double) dispatched[i] / sent,
              Math.max(0, Math.min(1, util))));
    }
    long latencies = histogram.getTotalCount();
    return new RunResult(
        label,
        measured,
        ok,
        timeouts,
        drops,
        failures,
        latencies == 0 ? 0 : latencySum / latencies / 1e6,
        millis(50),
        millis(90),
        millis(99),
        millis(99.9),
        latencies == 0 ? 0 : histogram.getMaxValue() / 1e6,
        measured / (window / 1e9),
        (areaAtEnd - areaAtStart) / window,
        (windowEnd - windowStart) / 1e9,
        perBackend,
        histogram);
  }

  private double millis(double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e6;
  }

  static long nanos(double seconds) {
    double n = seconds * 1e9;
    return n >= Long.MAX_VALUE / 2.0 ? Long.MAX_VALUE / 2 : (long) n;
  }

  @Override
  public int size() {
    return servers.length;
  }

  @Override
  public String id(int i) {
    return servers[i].spec().id();
  }

  @Override
  public int inSystem(int i) {
    return servers[i].inSystem();
  }

  @Override
  public int concurrency(int i) {
    return servers[i].concurrency();
  }

  @Override
  public double currentRate(int i) {
    return servers[i].currentRate();
  }

  @Override
  public boolean alive(int i) {
    return servers[i].alive();
  }

  @Override
  public long nowNanos() {
    return now;
  }
}
