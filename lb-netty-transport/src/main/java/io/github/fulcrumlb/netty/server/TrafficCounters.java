package io.github.fulcrumlb.netty.server;

import io.github.fulcrumlb.netty.stats.TrafficStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live traffic counters, for the whole balancer or for one backend. Every request datagram is
 * counted once when it arrives (total) or is forwarded (per backend), and once more when it ends:
 * as a reply, a timeout, a drop or an ICMP unreachable; until then it is in flight. Updated
 * lock-free from the event loops (a {@link LongAdder} allocates its cells once, under first
 * contention, then never).
 *
 * <pre>{@code
 * TrafficCounters c = new TrafficCounters();
 * c.requests.increment();
 * TrafficStats s = c.snapshot("all");
 * }</pre>
 */
final class TrafficCounters {
  /** Client datagrams received (total) or forwarded to the backend (per backend). */
  final LongAdder requests = new LongAdder();

  /** Bytes of the requests forwarded. */
  final LongAdder requestBytes = new LongAdder();

  /** Requests answered: a backend reply matched to them and relayed to the client. */
  final LongAdder replies = new LongAdder();

  /** Bytes of every backend datagram relayed to a client (answers and unmatched replies). */
  final LongAdder replyBytes = new LongAdder();

  /** Requests not forwarded, or given up on after forwarding (see {@link TrafficStats#drops}). */
  final LongAdder drops = new LongAdder();

  /** Requests without a reply within the reply timeout. */
  final LongAdder timeouts = new LongAdder();

  /** Requests ended by an ICMP port unreachable from their backend. */
  final LongAdder unreachable = new LongAdder();

  /** Requests forwarded and awaiting their reply now. */
  final LongAdder inFlight = new LongAdder();

  /** Backend datagrams relayed that answered no request awaiting one (late or extra replies). */
  final LongAdder unmatchedReplies = new LongAdder();

  /**
   * Backend datagrams not relayed (session gone, oversize, or empty on a transport that cannot).
   */
  final LongAdder droppedReplies = new LongAdder();

  /** Datagrams, either way, larger than {@code maxDatagramSize}: dropped, never cut. */
  final LongAdder oversize = new LongAdder();

  /** Sessions opened. */
  final LongAdder sessionsOpened = new LongAdder();

  /** Sessions closed, for any reason. */
  final LongAdder sessionsClosed = new LongAdder();

  /** Of those, sessions evicted because the table was full (least recently used first). */
  final LongAdder sessionsEvicted = new LongAdder();

  /** An immutable copy under this name. */
  TrafficStats snapshot(String name) {
    // Read one after another: while traffic flows, the sums may differ by what moved in between.
    long inFlightNow = inFlight.sum();
    long repliesNow = replies.sum();
    long timeoutsNow = timeouts.sum();
    long dropsNow = drops.sum();
    long unreachableNow = unreachable.sum();
    long opened = sessionsOpened.sum();
    long closed = sessionsClosed.sum();
    return new TrafficStats(
        name,
        requests.sum(),
        requestBytes.sum(),
        repliesNow,
        replyBytes.sum(),
        dropsNow,
        timeoutsNow,
        unreachableNow,
        inFlightNow,
        unmatchedReplies.sum(),
        droppedReplies.sum(),
        oversize.sum(),
        opened,
        sessionsEvicted.sum(),
        Math.max(0, opened - closed));
  }
}
