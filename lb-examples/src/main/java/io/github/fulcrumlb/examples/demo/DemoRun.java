package io.github.fulcrumlb.examples.demo;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.api.StrategySpec;
import io.github.fulcrumlb.core.BackendStats;
import io.github.fulcrumlb.core.BalancerStats;
import io.github.fulcrumlb.netty.config.Affinity;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import io.github.fulcrumlb.rl.online.OnlineStats;
import io.github.fulcrumlb.rl.serving.RlStats;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * One demo run of one strategy, start to end: {@link CpuBoundBackend}s on loopback, lb-netty's
 * {@link UdpBalancer} in front of them (one pick per datagram) reading the backends' metrics
 * ({@link DemoMetrics}), a {@link UdpTrafficGenerator} sending through it, a noisy neighbour
 * switched on half-way, and a {@link DemoView} frame every refresh. Every {@value #TICK_MILLIS} ms
 * (or every refresh, if that is shorter) it reads the balancer's forwarded counts into a {@link
 * ShareShift}, which tells how fast traffic left the neighbour's backend. Everything it starts is
 * stopped before {@link #run} returns, also when it is stopped early through the latch.
 *
 * <pre>{@code
 * DemoResult r = DemoRun.run(DemoSettings.defaults().withStrategy("p2c"), view, stop);
 * }</pre>
 */
public final class DemoRun {
  private static final long DRAIN_MILLIS = 1_000;
  private static final long TICK_MILLIS = 50;

  private DemoRun() {}

  /**
   * Runs the demo once.
   *
   * @param s the settings
   * @param view where frames go ({@code null}: none)
   * @param stop counted down to stop early (Ctrl-C); the summary so far is still returned
   */
  public static DemoResult run(DemoSettings s, DemoView view, CountDownLatch stop)
      throws InterruptedException {
    return run(s, view, stop, udp -> () -> {});
  }

  /**
   * Runs the demo once, handing the running balancer to {@code attach} (e.g. to bind its meters for
   * {@code --metrics-listen}); what it returns is closed when the run ends, before the balancer
   * stops.
   */
  public static DemoResult run(
      DemoSettings s,
      DemoView view,
      CountDownLatch stop,
      Function<UdpBalancer, AutoCloseable> attach)
      throws InterruptedException {
    List<CpuBoundBackend> backends = new ArrayList<>();
    DemoMetrics metrics = null;
    UdpBalancer lb = null;
    UdpTrafficGenerator traffic = null;
    AutoCloseable attached = null;
    try {
      for (int i = 0; i < s.backends(); i++) {
        backends.add(
            CpuBoundBackend.start(
                i, "backend-" + i, DemoSettings.workersOf(i), DemoSettings.workMicrosOf(i)));
      }
      metrics =
          s.influxUrl() == null
              ? new LocalDemoMetrics(backends, s.metricsInterval())
              : new InfluxDemoMetrics(
                  s.influxUrl(), s.influxDatabase(), backends, s.metricsInterval());
      List<Backend> members = new ArrayList<>();
      for (CpuBoundBackend b : backends) {
        members.add(Backend.of(b.id(), "127.0.0.1", b.address().getPort()));
      }
      StrategySpec spec = StrategySpec.parse(s.strategy());
      lb =
          UdpBalancer.start(
              UdpBalancerConfig.builder()
                  .listen(new InetSocketAddress("127.0.0.1", 0))
                  .backends(members)
                  .strategy(spec.name())
                  .strategyOptions(spec.optionsOver(s.strategyOptions()))
                  .metrics(metrics.source())
                  .affinity(Affinity.DATAGRAM)
                  .eventLoops(1)
                  .replyTimeout(Duration.ofSeconds(1))
                  .drainTimeout(Duration.ofMillis(DRAIN_MILLIS))
                  .build());
      metrics.attach(lb);
      attached = attach.apply(lb);
      traffic =
          new UdpTrafficGenerator(
              lb.localAddress(),
              s.backends(),
              s.rate(),
              s.outstanding(),
              s.seconds(),
              s.maxRequests(),
              s.size(),
              s.seed());
      return drive(s, backends, metrics, lb, traffic, view, stop);
    } finally {
      if (traffic != null) {
        traffic.close();
      }
      if (attached != null) {
        try {
          attached.close();
        } catch (Exception e) {
          // unbinding meters: nothing to do about it at the end of a run
        }
      }
      if (lb != null) {
        lb.shutdown(Duration.ZERO);
      }
      if (metrics != null) {
        metrics.close();
      }
      backends.forEach(CpuBoundBackend::close);
    }
  }

  private static DemoResult drive(
      DemoSettings s,
      List<CpuBoundBackend> backends,
      DemoMetrics metrics,
      UdpBalancer lb,
      UdpTrafficGenerator traffic,
      DemoView view,
      CountDownLatch stop)
      throws InterruptedException {
    int n = backends.size();
    Histogram total = newHistogram();
    Histogram[] perBackend = new Histogram[n];
    long[] cpuAtStart = new long[n];
    long[] lastForwarded = new long[n];
    for (int i = 0; i < n; i++) {
      perBackend[i] = newHistogram();
      cpuAtStart[i] = backends.get(i).cpuNanos();
    }
    ShareShift shift = new ShareShift(n, s.neighbour());
    long[] forwarded = new long[n];
    long tick = Math.min(TICK_MILLIS, s.refresh().toMillis());
    traffic.start();
    long start = System.nanoTime();
    long last = start;
    boolean interrupted = false;
    while (traffic.sending()) {
      if (stop.await(tick, TimeUnit.MILLISECONDS)) {
        interrupted = true;
        break;
      }
      long now = System.nanoTime();
      double elapsed = (now - start) / 1e9;
      readForwarded(backends, lb, forwarded);
      if (s.neighbour() >= 0 && elapsed >= s.seconds() / 2 && !shift.started()) {
        backends.get(s.neighbour()).neighbour(true);
        shift.neighbourStarted(elapsed, forwarded);
      }
      shift.observe(elapsed, forwarded);
      if (now - last >= s.refresh().toNanos()) {
        DemoFrame frame =
            frame(
                s,
                backends,
                metrics,
                lb,
                traffic,
                total,
                perBackend,
                lastForwarded,
                shift,
                elapsed,
                (now - last) / 1e9);
        last = now;
        if (view != null) {
          view.show(frame);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    traffic.stop();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
    while (lb.pendingRequests() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10); // polling a counter with a deadline: replies still on their way
    }
    total.add(traffic.takeTotal());
    TrafficStats all = lb.stats().total();
    readForwarded(backends, lb, forwarded);
    shift.observe(seconds, forwarded);
    List<DemoResult.Backend> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CpuBoundBackend b = backends.get(i);
      perBackend[i].add(traffic.takeBackend(i));
      double cpu = (b.cpuNanos() - cpuAtStart[i]) / (b.workers() * seconds * 1e9);
      rows.add(
          new DemoResult.Backend(
              b.id(),
              capacity(b),
              forwarded[i],
              all.requests() == 0 ? 0 : forwarded[i] / (double) all.requests(),
              shift.before(i),
              shift.after(i),
              traffic.replies(i),
              perBackend[i],
              Math.max(0, Math.min(1, cpu))));
    }
    return new DemoResult(
        s.strategy(),
        mode(lb),
        learner(lb),
        seconds,
        traffic.sent(),
        traffic.replies(),
        total,
        rows,
        interrupted,
        s.neighbour(),
        shift.startSeconds(),
        shift.secondsToHalf());
  }

  /** Datagrams the balancer has forwarded to each backend so far, into {@code out}. */
  private static void readForwarded(List<CpuBoundBackend> backends, UdpBalancer lb, long[] out) {
    Map<String, TrafficStats> byId = new HashMap<>();
    lb.stats().backends().forEach(t -> byId.put(t.name(), t));
    for (int i = 0; i < backends.size(); i++) {
      TrafficStats t = byId.get(backends.get(i).id());
      out[i] = t == null ? 0 : t.requests();
    }
  }

  private static DemoFrame frame(
      DemoSettings s,
      List<CpuBoundBackend> backends,
      DemoMetrics metrics,
      UdpBalancer lb,
      UdpTrafficGenerator traffic,
      Histogram total,
      Histogram[] perBackend,
      long[] lastForwarded,
      ShareShift shift,
      double elapsed,
      double interval) {
    total.add(traffic.takeTotal());
    TrafficStats all = lb.stats().total();
    Map<String, TrafficStats> byId = new HashMap<>();
    lb.stats().backends().forEach(t -> byId.put(t.name(), t));
    BalancerStats balancer = lb.loadBalancer().stats();
    Map<String, HostMetrics> latest = metrics.latest();
    List<DemoFrame.Row> rows = new ArrayList<>();
    for (int i = 0; i < backends.size(); i++) {
      CpuBoundBackend b = backends.get(i);
      Histogram window = traffic.takeBackend(i);
      perBackend[i].add(window);
      TrafficStats t = byId.get(b.id());
      long forwarded = t == null ? 0 : t.requests();
      double perSecond = interval > 0 ? (forwarded - lastForwarded[i]) / interval : 0;
      lastForwarded[i] = forwarded;
      HostMetrics m = latest.get(b.id());
      int inFlight = balancer.backend(b.id()).map(BackendStats::inFlight).orElse(0);
      rows.add(
          new DemoFrame.Row(
              b.id(),
              capacity(b),
              all.requests() == 0 ? 0 : forwarded / (double) all.requests(),
              shift.before(i),
              shift.after(i),
              perSecond,
              inFlight,
              percentile(window, 50),
              percentile(window, 99),
              m == null ? Double.NaN : m.cpu(),
              b.neighbour()));
    }
    return new DemoFrame(
        s.strategy(),
        mode(lb),
        learner(lb),
        elapsed,
        s.seconds(),
        traffic.sent(),
        traffic.replies(),
        metrics.describe(),
        rows);
  }

  /** For {@code rl}: "learned" or "fallback: why"; empty for other strategies. */
  static String mode(UdpBalancer lb) {
    if (lb.strategy() instanceof RlStrategy rl) {
      RlStats st = rl.stats();
      return st.mode() == RlStats.Mode.LEARNED
          ? "learned"
          : "fallback: " + (st.reason() == null ? "" : st.reason());
    }
    return "";
  }

  /** For {@code rl} with online learning: the learner's one-line summary; else empty. */
  static String learner(UdpBalancer lb) {
    if (lb.strategy() instanceof RlStrategy rl) {
      OnlineStats online = rl.stats().online();
      return online.state() == OnlineStats.State.OFF ? "" : online.summary();
    }
    return "";
  }

  static String capacity(CpuBoundBackend b) {
    return b.workers() + "x" + b.workMicros() + "us";
  }

  private static double percentile(Histogram h, double p) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1e6;
  }

  private static Histogram newHistogram() {
    return new Histogram(1, TimeUnit.SECONDS.toNanos(10), 3);
  }
}
