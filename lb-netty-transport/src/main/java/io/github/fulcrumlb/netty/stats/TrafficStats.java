package io.github.fulcrumlb.netty.stats;

/**
 * An immutable copy of {@link TrafficCounters}, for the balancer ({@code name = "all"}) or for one
 * backend (its id).
 *
 * <pre>{@code
 * TrafficStats all = balancer.stats().total();
 * System.out.println(all.replies() + " replies, " + all.timeouts() + " timeouts");
 * }</pre>
 *
 * @param name "all" or the backend id
 * @param requests client datagrams forwarded
 * @param requestBytes their bytes
 * @param replies backend datagrams relayed back
 * @param replyBytes their bytes
 * @param drops datagrams dropped
 * @param timeouts requests without a reply in time
 * @param unreachable ICMP port unreachable reports
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
    long sessionsOpened,
    long sessionsEvicted,
    long sessionsActive) {}
