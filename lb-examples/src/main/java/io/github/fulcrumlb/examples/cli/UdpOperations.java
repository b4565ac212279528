package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.examples.ops.MetricsEndpoint;
import io.github.fulcrumlb.examples.ops.UdpBalancerBinding;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.micrometer.core.instrument.Tags;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * What {@code fulcrum udp} adds for operators, kept out of {@link UdpCommand}: the {@code --config}
 * file (read before start, filling every option not given as a flag; re-applied on SIGHUP by a
 * {@link UdpReloader}) and the {@code --metrics-listen} endpoint ({@link MetricsEndpoint} with the
 * balancer's meters, re-bound when a reload replaces the strategy).
 */
final class UdpOperations implements AutoCloseable {
  /** Config-file keys whose flag is not {@code --<key>}. */
  private static final Map<String, String> FLAG_OF_KEY =
      Map.of("backends", "--backend", "strategy-options", "--strategy-option");

  private final UdpConfigFile file; // null without --config
  private final Set<String> givenOnCommandLine;
  private MetricsEndpoint endpoint;
  private UdpBalancerBinding binding;
  private UdpReloader reloader;

  private UdpOperations(UdpConfigFile file, Set<String> givenOnCommandLine) {
    this.file = file;
    this.givenOnCommandLine = givenOnCommandLine;
  }

  /**
   * Reads {@code --config} (if given) and copies its values into {@code cmd}'s options that were
   * not given on the command line: flags override the file.
   *
   * @throws IllegalArgumentException if the file cannot be read or is invalid (one line)
   */
  static UdpOperations fromCommandLine(UdpCommand cmd, Path config, ParseResult parsed) {
    Set<String> given = new LinkedHashSet<>();
    for (String key : UdpConfigFile.KEYS) {
      if (parsed != null && parsed.hasMatchedOption(FLAG_OF_KEY.getOrDefault(key, "--" + key))) {
        given.add(key);
      }
    }
    if (config == null) {
      return new UdpOperations(null, given);
    }
    UdpConfigFile file = UdpConfigFile.read(config);
    if (!given.contains("backends") && cmd.nomadService == null) {
      file.backends().ifPresent(list -> cmd.backends = list.stream().map(Backend::id).toList());
    }
    fill(file, given, "listen", v -> cmd.listen = v);
    fill(file, given, "strategy", v -> cmd.strategy = v);
    if (!given.contains("strategy-options")) {
      file.strategyOptions().ifPresent(o -> cmd.strategyOptions = new LinkedHashMap<>(o));
    }
    fill(file, given, "rl-state", v -> cmd.rlState = Path.of(v));
    fill(file, given, "idle-timeout", v -> cmd.idleTimeout = v);
    fill(file, given, "reply-timeout", v -> cmd.replyTimeout = v);
    fill(file, given, "drain-timeout", v -> cmd.drainTimeout = v);
    fill(file, given, "stats-interval", v -> cmd.statsInterval = v);
    fill(file, given, "metrics-listen", v -> cmd.metricsListen = v);
    if (!given.contains("per-datagram")) {
      file.flag("per-datagram").ifPresent(v -> cmd.perDatagram = v);
    }
    if (!given.contains("nio")) {
      file.flag("nio").ifPresent(v -> cmd.nio = v);
    }
    if (!given.contains("max-sessions")) {
      file.number("max-sessions").ifPresent(v -> cmd.maxSessions = v);
    }
    if (!given.contains("event-loops")) {
      file.number("event-loops").ifPresent(v -> cmd.eventLoops = v);
    }
    return new UdpOperations(file, given);
  }

  private static void fill(
      UdpConfigFile file, Set<String> given, String key, java.util.function.Consumer<String> set) {
    if (!given.contains(key)) {
      file.text(key).ifPresent(set);
    }
  }

  /** Binds {@code --metrics-listen} before the balancer starts, so that a busy port fails early. */
  void openEndpoint(InetSocketAddress address) {
    if (address != null) {
      endpoint = MetricsEndpoint.start(address);
    }
  }

  /** The endpoint's address, or null without {@code --metrics-listen}. */
  InetSocketAddress endpointAddress() {
    return endpoint == null ? null : endpoint.address();
  }

  /** Wires the running balancer: its meters, {@code /health}, and the SIGHUP reload. */
  void attach(
      UdpCommand cmd,
      UdpBalancer udp,
      List<Backend> flagBackends,
      PrintWriter out,
      PrintWriter err) {
    if (endpoint != null) {
      binding = new UdpBalancerBinding(udp, endpoint.registry(), Tags.empty());
      endpoint.health(() -> UdpBalancerBinding.health(udp.loadBalancer()));
      out.printf(
          "fulcrum udp: metrics on http://%s:%d/metrics, health on /health%n",
          endpoint.address().getHostString(), endpoint.address().getPort());
    }
    if (file != null) {
      // An option the file stops setting falls back to its flag: the one given, else its default.
      UdpCommand defaults = new UdpCommand();
      new CommandLine(defaults).parseArgs();
      UdpCommand from = cmd;
      reloader =
          new UdpReloader(
              file,
              new UdpReloader.Fallback(
                  givenOnCommandLine,
                  givenOnCommandLine.contains("backends") ? flagBackends : List.of(),
                  (givenOnCommandLine.contains("strategy") ? from : defaults).strategy,
                  Map.copyOf(
                      (givenOnCommandLine.contains("strategy-options") ? from : defaults)
                          .strategyOptions),
                  (givenOnCommandLine.contains("reply-timeout") ? from : defaults).replyTimeout,
                  (givenOnCommandLine.contains("idle-timeout") ? from : defaults).idleTimeout,
                  cmd.nomadService != null,
                  cmd.rlState),
              udp,
              out,
              err,
              next -> rebind(udp));
      String problem = HangupSignal.install(reloader::reload);
      out.println(
          problem == null
              ? "fulcrum udp: config "
                  + file.path()
                  + " is re-read on SIGHUP (kill -HUP "
                  + ProcessHandle.current().pid()
                  + ")"
              : "fulcrum udp: warning: "
                  + problem
                  + "; --config "
                  + file.path()
                  + " is read only at start");
    }
    out.flush();
  }

  private synchronized void rebind(UdpBalancer udp) {
    if (binding != null) {
      binding.strategyReplaced(udp);
    }
  }

  /** The reloader, or null without {@code --config} (tests and the signal handler). */
  UdpReloader reloader() {
    return reloader;
  }

  @Override
  public synchronized void close() {
    if (binding != null) {
      binding.close();
      binding = null;
    }
    if (endpoint != null) {
      endpoint.close();
      endpoint = null;
    }
  }
}
