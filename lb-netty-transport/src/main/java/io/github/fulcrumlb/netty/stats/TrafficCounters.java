package io.github.fulcrumlb.netty.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Live traffic counters, for the whole balancer or for one backend: datagrams and bytes each way,
 * drops, timeouts, ICMP port-unreachable errors and sessions. Updated lock-free from the event
 * loops (a {@link LongAdder} allocates its cells once, under first contention, then never).
 *
 * <pre>{@code
 * TrafficCounters c = new TrafficCounters();
 * c.requests.increment();
 * TrafficStats s = c.snapshot("all");
 * }</pre>
 */
public final class TrafficCounters {
  /** Client datagrams forwarded to a backend. */
  public final LongAdder requests = new LongAdder();

  /** Their bytes. */
  public final LongAdder requestBytes = new LongAdder();

  /** Backend datagrams relayed to a client. */
  public final LongAdder replies = new LongAdder();

  /** Their bytes. */
  public final LongAdder replyBytes = new LongAdder();

  /** Datagrams dropped (no backend, draining, write failure, session not ready). */
  public final LongAdder drops = new LongAdder();

  /** Requests without a reply within the reply timeout. */
  public final LongAdder timeouts = new LongAdder();

  /** ICMP port unreachable reports. */
  public final LongAdder unreachable = new LongAdder();

  /** Sessions opened. */
  public final LongAdder sessionsOpened = new LongAdder();

  /** Sessions closed, for any reason. */
  public final LongAdder sessionsClosed = new LongAdder();

  /** Of those, sessions evicted because the table was full (least recently used first). */
  public final LongAdder sessionsEvicted = new LongAdder();

  /** An immutable copy under this name. */
  public TrafficStats snapshot(String name) {
    long opened = sessionsOpened.sum();
    long closed = sessionsClosed.sum();
    return new TrafficStats(
        name,
        requests.sum(),
        requestBytes.sum(),
        replies.sum(),
        replyBytes.sum(),
        drops.sum(),
        timeouts.sum(),
        unreachable.sum(),
        opened,
        sessionsEvicted.sum(),
        Math.max(0, opened - closed));
  }
}
