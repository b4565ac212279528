package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.source.InfluxMetricsSource;
import io.github.fulcrumlb.influx.source.SourceStatus;
import io.github.fulcrumlb.netty.config.Affinity;
import io.github.fulcrumlb.netty.config.Transport;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import io.github.fulcrumlb.nomad.NomadServiceDiscovery;
import io.github.fulcrumlb.rl.online.OnlineStats;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fulcrum udp}: runs the UDP balancer (lb-netty-transport) in the foreground until SIGTERM
 * or Ctrl-C, then drains replies in flight and exits.
 *
 * <pre>{@code
 * ./fulcrum udp --listen 127.0.0.1:5353 --backend 127.0.0.1:5301,127.0.0.1:5302 --strategy p2c
 * ./fulcrum udp --listen 0.0.0.0:5353 --backend node-5:5301,node-6:5301 --strategy least-load \
 *     --influx http://influx.example.com:8086
 * ./fulcrum udp --listen 0.0.0.0:5353 --nomad-service fulcrum-echo --nomad-addr http://192.168.56.4:4646
 * }</pre>
 *
 * <p>With {@code --influx} (see {@link InfluxMetricsOptions}) the strategy sees each backend host's
 * CPU, memory and network use from InfluxDB; the command opens that source before the balancer
 * starts and closes it after the balancer has stopped.
 *
 * <p>With {@code --nomad-service}, the backends are the instances of a Nomad service (lb-nomad's
 * {@link NomadServiceDiscovery}): the command waits for the first instance, then follows every
 * change live ({@link UdpMembership}). The token, when Nomad's ACLs are on, comes from the {@code
 * NOMAD_TOKEN} environment variable, never from the command line.
 */
@Command(
    name = "udp",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run a UDP load balancer in the foreground until SIGTERM or Ctrl-C.",
      "Each client session (address:port) goes to a backend picked by the strategy; replies are"
          + " relayed back. A datagram counts as in flight until its reply or the reply timeout,"
          + " and its round-trip time is the strategy's latency signal."
    })
public final class UdpCommand implements Callable<Integer> {

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description =
          "UDP address to listen on (port 0: any free port). Required, here or in --config.")
  String listen;

  @Option(
      names = "--backend",
      paramLabel = "HOST:PORT",
      description = "Backend address; repeatable or comma-separated. Or --nomad-service.")
  List<String> backends = new ArrayList<>();

  @Option(
      names = "--nomad-service",
      paramLabel = "NAME",
      description =
          "Backends from Nomad instead: the instances of this service (provider \"nomad\"),"
              + " followed live. The ACL token, if any, is read from $NOMAD_TOKEN.")
  String nomadService;

  @Option(
      names = "--nomad-addr",
      paramLabel = "URL",
      defaultValue = "${env:NOMAD_ADDR:-http://127.0.0.1:4646}",
      description = "Nomad's HTTP API. Default: $NOMAD_ADDR, else http://127.0.0.1:4646.")
  String nomadAddr;

  @Option(
      names = "--nomad-namespace",
      defaultValue = "default",
      paramLabel = "NAME",
      description = "The service's Nomad namespace. Default: ${DEFAULT-VALUE}.")
  String nomadNamespace;

  @Option(
      names = "--nomad-empty-grace",
      defaultValue = "30s",
      paramLabel = "DURATION",
      description =
          "When every instance disappears, keep the last ones this long. Default:"
              + " ${DEFAULT-VALUE}.")
  String nomadEmptyGrace;

  @Option(
      names = "--nomad-startup-timeout",
      defaultValue = "2m",
      paramLabel = "DURATION",
      description = "Fail if the service has no instance by then. Default: ${DEFAULT-VALUE}.")
  String nomadStartupTimeout;

  @Option(
      names = "--strategy",
      defaultValue = "p2c",
      paramLabel = "NAME",
      description = "Strategy name (see `fulcrum strategies`). Default: ${DEFAULT-VALUE}.")
  String strategy;

  @Option(
      names = "--strategy-option",
      paramLabel = "KEY=VALUE",
      description = "A strategy option, e.g. stale-after=20s (least-load); repeatable.")
  Map<String, String> strategyOptions = new LinkedHashMap<>();

  @Option(
      names = "--rl-state",
      paramLabel = "FILE",
      description =
          "With --strategy rl: learn online and keep what was learned in FILE (strategy options"
              + " online=true, state=FILE): resumed from at start, saved every 10 s, on reload"
              + " and at shutdown. Its folder must exist; a corrupt file is logged and replaced.")
  java.nio.file.Path rlState;

  @Option(
      names = "--per-datagram",
      description = "Pick a backend for every datagram instead of once per client session.")
  boolean perDatagram;

  @Option(
      names = "--max-sessions",
      paramLabel = "N",
      description =
          "Most sessions at once (least recently used evicted); each holds one socket."
              + " Default: 65536, or less to stay 256 below the open-file limit (ulimit -n).")
  Integer maxSessions;

  @Option(
      names = "--idle-timeout",
      defaultValue = "30s",
      paramLabel = "DURATION",
      description =
          "Close a session after this long without a client datagram. Default: ${DEFAULT-VALUE}.")
  String idleTimeout;

  @Option(
      names = "--reply-timeout",
      defaultValue = "1s",
      paramLabel = "DURATION",
      description = "A datagram without a reply by then is a failure. Default: ${DEFAULT-VALUE}.")
  String replyTimeout;

  @Option(
      names = "--max-datagram-size",
      paramLabel = "BYTES",
      description =
          "Largest datagram relayed, either way, in [1, 65535]; larger ones are dropped"
              + " whole and counted as oversize, never cut. Default: 65507 (IPv4's largest).")
  Integer maxDatagramSize;

  @Option(
      names = "--event-loops",
      paramLabel = "N",
      description =
          "Event loops (threads), each with its own listener. Default: the number of processors.")
  Integer eventLoops;

  @Option(
      names = "--transport",
      paramLabel = "auto|epoll|io_uring|nio",
      description =
          "Netty transport: auto (the fastest available: epoll, else io_uring, else nio),"
              + " epoll, io_uring or nio. Default: auto.")
  String transport;

  @Option(names = "--nio", description = "Same as --transport nio.")
  boolean nio;

  @Option(
      names = "--drain-timeout",
      defaultValue = "5s",
      paramLabel = "DURATION",
      description = "On shutdown, wait this long for replies in flight. Default: ${DEFAULT-VALUE}.")
  String drainTimeout;

  @Option(
      names = "--lame-duck-timeout",
      defaultValue = "0s",
      paramLabel = "DURATION",
      description =
          "A backend removed from membership (e.g. by Nomad) gets no new sessions; its"
              + " sessions keep going to it this long, then close (0: they move at once)."
              + " Default: ${DEFAULT-VALUE}.")
  String lameDuckTimeout;

  @Option(
      names = "--stats-interval",
      defaultValue = "0s",
      paramLabel = "DURATION",
      description =
          "Print traffic counters this often (0: only at exit). Default: ${DEFAULT-VALUE}.")
  String statsInterval;

  @Option(
      names = "--metrics-listen",
      paramLabel = "HOST:PORT",
      description =
          "Serve Prometheus metrics on http://HOST:PORT/metrics and /health (200 while a"
              + " backend is healthy, else 503).")
  String metricsListen;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML file with the same options as the flags (flags override it); re-read on SIGHUP:"
              + " backends, strategy, strategy-options, reply-timeout, idle-timeout apply live.")
  java.nio.file.Path configFile;

  @Mixin InfluxMetricsOptions influx = new InfluxMetricsOptions();

  @Mixin UdpHealthCheckOptions healthCheck = new UdpHealthCheckOptions();

  @Spec private CommandSpec spec;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile UdpBalancer running;

  /** The --influx source once open, so that Nomad membership changes reach it too. */
  private volatile InfluxMetricsSource metricsSource;

  @Override
  public Integer call() throws Exception {
    UdpOperations ops =
        UdpOperations.fromCommandLine(this, configFile, spec.commandLine().getParseResult());
    if (listen == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing --listen HOST:PORT (or listen: in --config)");
    }
    Map<String, String> options = FlagValues.options("--strategy-option", strategyOptions);
    try {
      options = RlStateFlag.merge(strategy, options, rlState);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    UdpBalancerConfig.Builder config =
        UdpBalancerConfig.builder()
            .listen(address("--listen", listen))
            .strategy(strategy)
            .strategyOptions(options)
            .affinity(perDatagram ? Affinity.DATAGRAM : Affinity.SESSION)
            .maxSessions(sessionLimit())
            .idleTimeout(duration("--idle-timeout", idleTimeout))
            .replyTimeout(duration("--reply-timeout", replyTimeout))
            .transport(transport())
            .drainTimeout(duration("--drain-timeout", drainTimeout));
    if (eventLoops != null) {
      config.eventLoops((int) FlagValues.atLeast("--event-loops", eventLoops, 1));
    }
    if (maxDatagramSize != null) {
      config.maxDatagramSize(maxDatagramSize);
    }
    config.lameDuckTimeout(duration("--lame-duck-timeout", lameDuckTimeout));
    healthCheck.activeHealthCheck().ifPresent(config::activeHealthCheck);
    List<Backend> list =
        backends.isEmpty() ? new ArrayList<>() : FlagValues.backends("--backend", backends);
    if (nomadService != null && !list.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "Give either --backend or --nomad-service, not both");
    }
    if (nomadService == null && list.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "Missing backends: give --backend HOST:PORT or --nomad-service NAME");
    }
    Duration stats = duration("--stats-interval", statsInterval);
    Optional<InfluxConnection> influxConnection = influx.connection(); // all checked before I/O
    PrintWriter out = spec.commandLine().getOut();
    UdpMembership membership = new UdpMembership(spec.commandLine().getErr());
    NomadServiceDiscovery nomad = null;
    if (nomadService != null) {
      nomad = startNomad(out, membership);
      list = awaitFirstInstances(nomad, out);
      if (list.isEmpty()) {
        return 0; // stopped while waiting
      }
    }
    config.backends(list);
    List<Backend> initial = list;
    InfluxMetricsSource metrics = influxConnection.map(c -> influx.open(c, initial)).orElse(null);
    metricsSource = metrics;
    UdpBalancer lb;
    try {
      if (metrics != null) {
        config.metrics(metrics);
      }
      ops.openEndpoint(metricsListen == null ? null : address("--metrics-listen", metricsListen));
      lb = UdpBalancer.start(config.build());
    } catch (RuntimeException e) {
      ops.close();
      if (metrics != null) {
        metrics.close();
      }
      if (nomad != null) {
        nomad.close();
      }
      throw e;
    }
    running = lb;
    ops.attach(this, lb, nomad != null ? List.of() : list, out, spec.commandLine().getErr());
    if (nomad != null) {
      membership.attach(lb, nomad.backends()); // changes while the balancer was starting
    }
    Duration drain = duration("--drain-timeout", drainTimeout);
    // On SIGTERM the JVM exits once its hooks end: this one waits for the drain below.
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await(drain.toMillis() + 5_000, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fulcrum-udp-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      out.printf(
          "fulcrum udp: listening on %s:%d (%s, %d event loops), strategy %s, %s affinity,"
              + " at most %d sessions, backends %s%n",
          lb.localAddress().getHostString(),
          lb.localAddress().getPort(),
          lb.transport(),
          lb.eventLoops(),
          strategy,
          perDatagram ? "per-datagram" : "session",
          lb.config().maxSessions(),
          String.join(",", list.stream().map(Backend::id).toList()));
      influxConnection.ifPresent(c -> out.println("fulcrum udp: " + influx.describe(c)));
      if (lb.strategy() instanceof RlStrategy rl
          && rl.stats().online().state() != OnlineStats.State.OFF) {
        out.println("fulcrum udp: rl online learning on, state " + stateNote(rl));
      }
      long fds = JvmDiagnostics.fileDescriptorLimit();
      int sessions = lb.config().maxSessions();
      if (fds > 0 && sessions + 256L > fds) {
        out.printf(
            "fulcrum udp: warning: --max-sessions %d is close to or above the open-file limit"
                + " %d (one socket per session); raise it with ulimit -n or lower --max-sessions%n",
            sessions, fds);
      }
      out.flush();
      long allocated = JvmDiagnostics.allocatedBytes(UdpBalancer.EVENT_LOOP_THREAD_PREFIX);
      TrafficStats last = lb.stats().total();
      while (!stop.await(
          stats.isZero() ? Long.MAX_VALUE : stats.toMillis(), TimeUnit.MILLISECONDS)) {
        TrafficStats now = lb.stats().total();
        long allocatedNow = JvmDiagnostics.allocatedBytes(UdpBalancer.EVENT_LOOP_THREAD_PREFIX);
        long datagrams = now.requests() - last.requests() + now.replies() - last.replies();
        print(out, now);
        printFailingChecks(out, lb);
        if (allocated >= 0 && datagrams > 0) {
          out.printf(
              Locale.ROOT,
              "  event loops allocated %.1f B per datagram relayed (%d datagrams"
                  + " in the last %s)%n",
              (allocatedNow - allocated) / (double) datagrams,
              datagrams,
              statsInterval);
          out.flush();
        }
        allocated = allocatedNow;
        last = now;
      }
    } finally {
      if (nomad != null) {
        nomad.close();
      }
      boolean drained = lb.shutdown(drain);
      running = null;
      lb.withStrategy(
          s -> {
            if (RlStateFlag.save(s)) {
              out.println(
                  "fulcrum udp: saved the rl learner's state ("
                      + ((RlStrategy) s).stats().online().steps()
                      + " steps)");
            }
          });
      ops.close();
      if (metrics != null) {
        metrics.close(); // after the balancer, which has unsubscribed
      }
      out.println("fulcrum udp: stopped" + (drained ? "" : " (drain deadline passed)"));
      print(out, lb.stats().total());
      lb.stats().backends().forEach(b -> print(out, b));
      printFailingChecks(out, lb);
      if (metrics != null) {
        print(out, metrics.status());
      }
      out.flush();
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down (SIGTERM): the hook has run
      }
    }
    return 0;
  }

  private NomadServiceDiscovery startNomad(PrintWriter out, UdpMembership membership) {
    NomadServiceDiscovery nomad =
        NomadServiceDiscovery.builder(nomadAddr, nomadService)
            .namespace(nomadNamespace)
            .token(System.getenv("NOMAD_TOKEN"))
            .emptyGrace(duration("--nomad-empty-grace", nomadEmptyGrace))
            .listener(
                backends -> {
                  out.printf(
                      "fulcrum udp: Nomad service %s: %d backends %s%n",
                      nomadService,
                      backends.size(),
                      String.join(",", backends.stream().map(Backend::id).toList()));
                  out.flush();
                  membership.apply(backends);
                  InfluxMetricsSource source = metricsSource;
                  if (source != null) {
                    source.setBackends(backends); // query the hosts of the current instances
                  }
                })
            .start();
    out.printf(
        "fulcrum udp: waiting for instances of Nomad service %s (namespace %s) at %s%n",
        nomadService, nomadNamespace, nomadAddr);
    out.flush();
    return nomad;
  }

  /**
   * The first non-empty membership; empty if stopped meanwhile; fails after the startup timeout.
   */
  private List<Backend> awaitFirstInstances(NomadServiceDiscovery nomad, PrintWriter out) {
    Duration timeout = duration("--nomad-startup-timeout", nomadStartupTimeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (stop.getCount() > 0 && System.nanoTime() < deadline) {
      List<Backend> first = nomad.awaitBackends(Duration.ofMillis(200));
      if (!first.isEmpty()) {
        return first;
      }
    }
    String status =
        nomad.status().lastError() == null
            ? "Nomad answered with no instance"
            : "last error: " + nomad.status().lastError();
    nomad.close();
    if (stop.getCount() == 0) {
      out.println("fulcrum udp: stopped");
      out.flush();
      stopped.countDown();
      return List.of();
    }
    throw new IllegalStateException(
        "Nomad service "
            + nomadService
            + " has no instance after "
            + nomadStartupTimeout
            + " ("
            + status
            + ")");
  }

  /**
   * --transport (or --nio), checked: the one-line error names the flag, the value and the choices.
   */
  private Transport transport() {
    if (transport == null) {
      return nio ? Transport.NIO : Transport.AUTO;
    }
    Transport t;
    switch (transport.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
        t = Transport.AUTO;
        break;
      case "epoll":
        t = Transport.EPOLL;
        break;
      case "io_uring":
      case "io-uring":
      case "iouring":
        t = Transport.IO_URING;
        break;
      case "nio":
        t = Transport.NIO;
        break;
      default:
        throw new IllegalArgumentException(
            "--transport must be auto, epoll, io_uring or nio but" + " was \"" + transport + "\"");
    }
    if (nio && t != Transport.NIO) {
      throw new IllegalArgumentException(
          "--nio contradicts --transport " + transport + ": give only one of them");
    }
    return t;
  }

  /** --max-sessions, or by default 65536 capped to stay 256 below the open-file limit. */
  private int sessionLimit() {
    if (maxSessions != null) {
      return (int) FlagValues.atLeast("--max-sessions", maxSessions, 1);
    }
    long fds = JvmDiagnostics.fileDescriptorLimit();
    long limit = UdpBalancerConfig.DEFAULT_MAX_SESSIONS;
    if (fds > 0) {
      limit = Math.min(limit, fds - 256);
    }
    return (int) Math.max(64, limit);
  }

  /** Where the rl learner's state comes from: "new FILE", "resumed from FILE", "ignored ...". */
  private static String stateNote(RlStrategy rl) {
    String note = rl.stats().online().stateFile();
    return note.isEmpty() ? "none (no --rl-state)" : note;
  }

  /** Asks a running command to shut down as SIGTERM would (tests). */
  void requestStop() {
    stop.countDown();
  }

  /** The balancer while the command runs, else {@code null} (tests). */
  UdpBalancer balancer() {
    return running;
  }

  private static void print(PrintWriter out, TrafficStats s) {
    out.printf(
        Locale.ROOT,
        "  %-22s requests %d (%d B), replies %d (%d B), drops %d, timeouts %d, unreachable %d,"
            + " in flight %d; oversize %d, unmatched replies %d, dropped replies %d;"
            + " sessions %d open / %d opened / %d evicted%n",
        s.name(),
        s.requests(),
        s.requestBytes(),
        s.replies(),
        s.replyBytes(),
        s.drops(),
        s.timeouts(),
        s.unreachable(),
        s.inFlight(),
        s.oversize(),
        s.unmatchedReplies(),
        s.droppedReplies(),
        s.sessionsActive(),
        s.sessionsOpened(),
        s.sessionsEvicted());
    out.flush();
  }

  private static void printFailingChecks(PrintWriter out, UdpBalancer lb) {
    if (!lb.stats().failingActiveChecks().isEmpty()) {
      out.println(
          "  failing active health checks (no new sessions): "
              + String.join(",", new java.util.TreeSet<>(lb.stats().failingActiveChecks())));
      out.flush();
    }
  }

  private static void print(PrintWriter out, SourceStatus s) {
    out.printf(
        "  influx metrics: %d reads, %d failed, %d hosts with data%s%s%n",
        s.refreshes(),
        s.failures(),
        s.hostsWithData(),
        s.lastError().map(e -> ", last error: " + e).orElse(""),
        s.rejectedValues() == 0
            ? ""
            : ", " + s.rejectedValues() + " values rejected (last: " + s.lastRejectedValue() + ")");
    out.flush();
  }

  private static InetSocketAddress address(String option, String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException(
          option + " must be HOST:PORT but was \"" + hostPort + "\"");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " port must be a number: \"" + hostPort + "\"");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          option + " port must be in [0, 65535]: \"" + hostPort + "\"");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(option + " host cannot be resolved: \"" + host + "\"");
    }
  }

  /** A duration flag, through the one parser ({@link FlagValues#duration}); never negative. */
  static Duration duration(String option, String text) {
    return FlagValues.duration(option, text);
  }
}
