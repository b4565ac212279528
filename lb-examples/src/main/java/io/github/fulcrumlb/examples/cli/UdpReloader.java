package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies {@code fulcrum udp --config FILE} again to the running balancer (on SIGHUP): the file is
 * read and checked whole first; only then are the {@linkplain UdpConfigFile#RELOADABLE reloadable}
 * options applied. A file that cannot be read, does not parse, or names an unknown strategy, a bad
 * option or a host that does not resolve changes nothing: one line on the error stream says why and
 * the running configuration stays.
 *
 * <ul>
 *   <li><b>Backends:</b> new ones join ({@link UdpBalancer#addBackend}); those that stay are not
 *       touched, so their sessions keep them; those gone leave ({@link UdpBalancer#removeBackend}):
 *       as lame ducks with {@code --lame-duck-timeout} (no new sessions, established ones finish
 *       within the timeout), else their sessions move with their next datagram. Ignored when the
 *       backends come from Nomad ({@code --nomad-service}).
 *   <li><b>Strategy and its options:</b> replaced when either changes ({@link
 *       UdpBalancer#replaceStrategy}); established sessions keep their backend. With {@code
 *       --rl-state} ({@link RlStateFlag}) the strategy must stay {@code rl}, and the old one saves
 *       its state before the new one resumes from it.
 *   <li><b>Timeouts:</b> reply and idle ({@link UdpBalancer#timeouts}).
 * </ul>
 *
 * <p>Flags override the file, on reload too: an option given on the command line keeps its flag
 * value whatever the file says. An option removed from the file returns to its flag default.
 * Options that only take effect at start (listen address, event loops, ...) are reported as needing
 * a restart when they change.
 */
final class UdpReloader {
  /** What applies when the file does not set a reloadable option, and which flags were given. */
  record Fallback(
      Set<String> givenOnCommandLine,
      List<Backend> backends,
      String strategy,
      Map<String, String> strategyOptions,
      String replyTimeout,
      String idleTimeout,
      boolean backendsFromNomad,
      Path rlState) {}

  private final Path path;
  private final Fallback fallback;
  private final UdpBalancer udp;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Consumer<Strategy> strategyReplaced;
  private UdpConfigFile current;
  private String strategy;
  private Map<String, String> strategyOptions;
  private Duration replyTimeout;
  private Duration idleTimeout;

  /**
   * @param startedWith the file as read at start
   * @param strategyReplaced told of a new strategy instance (to re-bind its meters)
   */
  UdpReloader(
      UdpConfigFile startedWith,
      Fallback fallback,
      UdpBalancer udp,
      PrintWriter out,
      PrintWriter err,
      Consumer<Strategy> strategyReplaced) {
    this.path = startedWith.path();
    this.current = startedWith;
    this.fallback = fallback;
    this.udp = udp;
    this.out = out;
    this.err = err;
    this.strategyReplaced = strategyReplaced;
    this.strategy = udp.config().strategy();
    this.strategyOptions = udp.config().strategyOptions();
    this.replyTimeout = udp.config().replyTimeout();
    this.idleTimeout = udp.config().idleTimeout();
  }

  /**
   * Reads the file again and applies it, or changes nothing and says why.
   *
   * @return whether the file was applied
   */
  synchronized boolean reload() {
    try {
      UdpConfigFile file = UdpConfigFile.read(path);
      Plan plan = plan(file);
      apply(plan);
      current = file;
      out.println("fulcrum udp: reloaded " + path + ": " + plan.describe());
      out.flush();
      return true;
    } catch (IllegalArgumentException e) {
      err.println("fulcrum udp: reload rejected, running configuration kept: " + e.getMessage());
      err.flush();
      return false;
    } catch (RuntimeException e) {
      err.println("fulcrum udp: reload of " + path + " failed (" + e + "); the balancer runs on");
      err.flush();
      return false;
    }
  }

  private record Plan(
      List<Backend> add,
      List<String> remove,
      String strategy,
      Map<String, String> strategyOptions,
      boolean newStrategy,
      Duration replyTimeout,
      Duration idleTimeout,
      List<String> needRestart) {

    String describe() {
      List<String> parts = new ArrayList<>();
      add.forEach(b -> parts.add("+" + b.id()));
      remove.forEach(id -> parts.add("-" + id));
      if (newStrategy) {
        parts.add(
            "strategy " + strategy + (strategyOptions.isEmpty() ? "" : " " + strategyOptions));
      }
      parts.add("reply-timeout " + replyTimeout);
      parts.add("idle-timeout " + idleTimeout);
      needRestart.forEach(k -> parts.add(k + " changed but needs a restart: not applied"));
      return String.join(", ", parts);
    }
  }

  /** Everything checked, nothing applied yet. */
  private Plan plan(UdpConfigFile file) {
    Set<String> flags = fallback.givenOnCommandLine();
    String nextStrategy =
        pick(flags, "strategy", file.text("strategy").orElse(null), fallback.strategy());
    Map<String, String> nextOptions =
        flags.contains("strategy-options")
            ? fallback.strategyOptions()
            : file.strategyOptions().orElse(fallback.strategyOptions());
    try {
      nextOptions = RlStateFlag.merge(nextStrategy, nextOptions, fallback.rlState());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--config " + path + ": " + e.getMessage());
    }
    boolean newStrategy = !nextStrategy.equals(strategy) || !nextOptions.equals(strategyOptions);
    if (newStrategy) {
      try {
        Strategies.create(nextStrategy, StrategyContext.builder().options(nextOptions).build());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--config "
                + path
                + ": field strategy = \""
                + nextStrategy
                + "\" with options "
                + nextOptions
                + ": "
                + e.getMessage());
      }
    }
    Duration reply =
        UdpCommand.duration(
            "reply-timeout",
            pick(
                flags,
                "reply-timeout",
                file.text("reply-timeout").orElse(null),
                fallback.replyTimeout()));
    Duration idle =
        UdpCommand.duration(
            "idle-timeout",
            pick(
                flags,
                "idle-timeout",
                file.text("idle-timeout").orElse(null),
                fallback.idleTimeout()));
    if (reply.isZero() || reply.isNegative() || idle.isZero() || idle.isNegative()) {
      throw new IllegalArgumentException(
          "--config "
              + path
              + ": reply-timeout "
              + reply
              + " and idle-timeout "
              + idle
              + " must both be > 0");
    }
    List<Backend> add = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    if (!fallback.backendsFromNomad()) {
      List<Backend> wanted =
          flags.contains("backends")
              ? fallback.backends()
              : file.backends().orElse(fallback.backends());
      if (wanted.isEmpty()) {
        throw new IllegalArgumentException(
            "--config " + path + ": field backends is missing: list at least one HOST:PORT");
      }
      Map<String, Backend> byId = new LinkedHashMap<>();
      wanted.forEach(b -> byId.put(b.id(), b));
      Set<String> running = new LinkedHashSet<>();
      udp.backends().forEach(b -> running.add(b.id()));
      for (Backend b : byId.values()) {
        if (!running.contains(b.id())) {
          resolve(b);
          add.add(b);
        }
      }
      for (String id : running) {
        if (!byId.containsKey(id)) {
          remove.add(id);
        }
      }
    }
    List<String> needRestart = new ArrayList<>();
    for (String key : UdpConfigFile.KEYS) {
      if (!UdpConfigFile.RELOADABLE.contains(key)
          && !flags.contains(key)
          && !Objects.equals(value(file, key), value(current, key))) {
        needRestart.add(key);
      }
    }
    return new Plan(add, remove, nextStrategy, nextOptions, newStrategy, reply, idle, needRestart);
  }

  private static Object value(UdpConfigFile f, String key) {
    return f.raw(key);
  }

  private static String pick(Set<String> flags, String key, String fromFile, String fromFlags) {
    return flags.contains(key) || fromFile == null ? fromFlags : fromFile;
  }

  private void resolve(Backend b) {
    try {
      InetAddress.getByName(b.host());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "--config "
              + path
              + ": field backends = \""
              + b.id()
              + "\": host "
              + b.host()
              + " does not resolve: fix the name or use an IP address");
    }
  }

  private void apply(Plan plan) {
    udp.timeouts(plan.replyTimeout(), plan.idleTimeout());
    replyTimeout = plan.replyTimeout();
    idleTimeout = plan.idleTimeout();
    if (plan.newStrategy()) {
      // The old strategy saves its rl state (if any) before the new one resumes from it.
      Strategy next =
          udp.replaceStrategy(plan.strategy(), plan.strategyOptions(), RlStateFlag::save);
      strategy = plan.strategy();
      strategyOptions = plan.strategyOptions();
      strategyReplaced.accept(next);
    }
    plan.add().forEach(udp::addBackend);
    plan.remove().forEach(udp::removeBackend);
  }

  /** The reply timeout now in force (tests). */
  synchronized Duration replyTimeout() {
    return replyTimeout;
  }

  /** The idle timeout now in force (tests). */
  synchronized Duration idleTimeout() {
    return idleTimeout;
  }
}
