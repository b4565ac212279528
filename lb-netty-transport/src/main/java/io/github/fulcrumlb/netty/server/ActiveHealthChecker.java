package io.github.fulcrumlb.netty.server;

import io.github.fulcrumlb.netty.config.ActiveHealthCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Probes every backend with the configured payload and tells, through {@code onChange}, which ones
 * fail their checks: {@code fall} failed probes in a row take a backend out, {@code rise} good ones
 * bring it back. One non-blocking UDP socket for all probes; replies are matched to backends by
 * sender address. Nothing here runs on an event loop: {@link #tick()} is called by a scheduler
 * thread of the balancer's (or by a test, with a fake clock), and never blocks.
 *
 * <pre>{@code
 * ActiveHealthChecker checker = new ActiveHealthChecker(check, System::nanoTime, ready::holdOut);
 * checker.track("a", new InetSocketAddress("127.0.0.1", 9001));
 * scheduler.scheduleAtFixedRate(checker::tick, 0, checker.tickPeriodNanos(), NANOSECONDS);
 * }</pre>
 */
final class ActiveHealthChecker implements AutoCloseable {
  private final ActiveHealthCheck check;
  private final LongSupplier nanoTime;
  private final Consumer<Set<String>> onChange;
  private final DatagramChannel socket;
  private final ByteBuffer probe;
  private final ByteBuffer receive = ByteBuffer.allocate(65_536);
  private final byte[] replyBytes = new byte[65_536];
  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private Set<String> lastFailing = Set.of();

  /**
   * @param check what to send and expect, how often
   * @param nanoTime the clock
   * @param onChange receives the ids failing their checks, whenever that set changes
   */
  ActiveHealthChecker(
      ActiveHealthCheck check, LongSupplier nanoTime, Consumer<Set<String>> onChange) {
    this.check = check;
    this.nanoTime = nanoTime;
    this.onChange = onChange;
    this.probe = ByteBuffer.wrap(check.payload());
    try {
      this.socket = DatagramChannel.open();
      socket.configureBlocking(false);
      socket.bind(null);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the health-check socket: " + e.getMessage(), e);
    }
  }

  /** How often {@link #tick()} should run: often enough to time probes within a fifth. */
  long tickPeriodNanos() {
    long shortest = Math.min(check.interval().toNanos(), check.timeout().toNanos());
    return Math.max(5_000_000L, shortest / 5);
  }

  /** Starts probing a backend (healthy until its probes fail), or updates its address. */
  void track(String id, InetSocketAddress address) {
    targets.compute(
        id,
        (k, old) ->
            old != null && old.address.equals(address)
                ? old
                : new Target(address, nanoTime.getAsLong()));
  }

  /** Stops probing a backend; it no longer counts as failing. */
  void untrack(String id) {
    targets.remove(id);
  }

  /** Reads replies, times out probes, sends the probes that are due, and reports changes. */
  synchronized void tick() {
    long now = nanoTime.getAsLong();
    readReplies();
    Set<String> failing = new TreeSet<>();
    for (Map.Entry<String, Target> entry : targets.entrySet()) {
      Target t = entry.getValue();
      if (t.awaiting && now - t.sentAt >= check.timeout().toNanos()) {
        t.outcome(false);
      }
      if (!t.awaiting && now - t.nextProbeAt >= 0) {
        send(t, now);
      }
      if (!t.healthy) {
        failing.add(entry.getKey());
      }
    }
    if (!failing.equals(lastFailing)) {
      lastFailing = Set.copyOf(failing);
      onChange.accept(lastFailing);
    }
  }

  /** Whether a probe to this backend awaits its reply. */
  synchronized boolean awaitingReply(String id) {
    Target t = targets.get(id);
    return t != null && t.awaiting;
  }

  /** The ids failing their checks now. */
  synchronized Set<String> failing() {
    return lastFailing;
  }

  private void readReplies() {
    while (true) {
      receive.clear();
      SocketAddress from;
      try {
        from = socket.receive(receive);
      } catch (IOException e) {
        return; // e.g. an ICMP error queued on the socket: the probe times out
      }
      if (from == null) {
        return;
      }
      for (Target t : targets.values()) {
        if (t.awaiting && t.address.equals(from)) {
          receive.flip();
          int n = receive.remaining();
          receive.get(replyBytes, 0, n);
          t.outcome(check.accepts(replyBytes, n));
          break;
        }
      }
    }
  }

  private void send(Target t, long now) {
    t.awaiting = true;
    t.sentAt = now;
    t.nextProbeAt = now + check.interval().toNanos();
    try {
      socket.send(probe.duplicate(), t.address);
    } catch (IOException e) {
      // counts as a failed probe when it times out
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing
    }
  }

  /** One backend's probe state. Guarded by the checker. */
  private final class Target {
    final InetSocketAddress address;
    boolean healthy = true;
    boolean awaiting;
    long sentAt;
    long nextProbeAt;
    int goodInARow;
    int badInARow;

    Target(InetSocketAddress address, long now) {
      this.address = address;
      this.nextProbeAt = now;
    }

    void outcome(boolean good) {
      awaiting = false;
      if (good) {
        badInARow = 0;
        if (!healthy && ++goodInARow >= check.rise()) {
          healthy = true;
          goodInARow = 0;
        }
      } else {
        goodInARow = 0;
        if (healthy && ++badInARow >= check.fall()) {
          healthy = false;
          badInARow = 0;
        }
      }
    }
  }
}
