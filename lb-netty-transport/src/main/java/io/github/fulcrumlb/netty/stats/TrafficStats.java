package io.github.fulcrumlb.netty.stats;

/**
 * Traffic counters of a UDP balancer, for all traffic ({@code name = "all"}) or for one backend
 * (its id). Every request datagram ends as exactly one of reply, timeout, drop or unreachable, or
 * is still in flight, so once the traffic is quiet {@code requests == replies + timeouts + drops +
 * unreachable + inFlight} ({@link #unaccounted()} is 0). While datagrams flow, the counters are
 * read one after another and may differ by the datagrams that moved in between.
 *
 * <pre>{@code
 * TrafficStats all = balancer.stats().total();
 * System.out.println(all.replies() + " replies, " + all.timeouts() + " timeouts");
 * }</pre>
 *
 * @param name "all" or the backend id
 * @param requests client datagrams received (total) or forwarded to this backend
 * @param requestBytes bytes of the requests forwarded
 * @param replies requests answered: a backend reply matched to the request and relayed
 * @param replyBytes bytes of all backend datagrams relayed to clients
 * @param drops requests not forwarded (draining, no backend, oversize, a failed socket) or given up
 *     after forwarding (more than {@code maxPendingPerSession} awaiting a reply, the session moved
 *     to another backend or closed, an oversize reply)
 * @param timeouts requests without a reply within the reply timeout
 * @param unreachable requests ended by an ICMP port unreachable (session affinity only)
 * @param inFlight requests forwarded and awaiting their reply now
 * @param unmatchedReplies backend datagrams relayed that answered no request awaiting one (late,
 *     after their request timed out, or more than one per request); not counted in {@code replies}
 * @param droppedReplies backend datagrams not relayed (their session closed, or oversize)
 * @param oversize datagrams either way larger than {@code maxDatagramSize}, dropped whole
 * @param sessionsOpened sessions opened so far
 * @param sessionsEvicted sessions evicted because the table was full
 * @param sessionsActive sessions open now
 */
public record TrafficStats(
    String name,
    long requests,
    long requestBytes,
    long replies,
    long replyBytes,
    long drops,
    long timeouts,
    long unreachable,
    long inFlight,
    long unmatchedReplies,
    long droppedReplies,
    long oversize,
    long sessionsOpened,
    long sessionsEvicted,
    long sessionsActive) {

  /**
   * Requests not accounted for: {@code requests - (replies + timeouts + drops + unreachable +
   * inFlight)}. 0 once the traffic is quiet; anything else is a bug.
   */
  public long unaccounted() {
    return requests - (replies + timeouts + drops + unreachable + inFlight);
  }
}
