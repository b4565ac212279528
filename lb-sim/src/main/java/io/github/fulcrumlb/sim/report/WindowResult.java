package io.github.fulcrumlb.sim.report;

import org.HdrHistogram.Histogram;

/**
 * Latency of the measured requests that arrived in a run's {@link
 * io.github.fulcrumlb.sim.scenario.ReportWindow} (typically after a change in the cluster), and how
 * long the strategy took to settle there. Statistics count as {@link RunResult}'s do: answered and
 * timed-out requests, by arrival time.
 *
 * @param fromSeconds the window's start, simulated seconds
 * @param toSeconds its end: the window's own, or the last arrival if that is earlier
 * @param requests measured requests that arrived in it, whatever their outcome
 * @param meanMillis mean latency
 * @param p50Millis median
 * @param p99Millis 99th percentile
 * @param p999Millis 99.9th percentile
 * @param adaptedAfterSeconds {@link AdaptationTime}: seconds from {@code fromSeconds} until the
 *     strategy's rolling latency stays within 1.1 × its settled level; {@code NaN} if never
 * @param histogram the latency histogram in nanoseconds (not serialised)
 */
public record WindowResult(
    double fromSeconds,
    double toSeconds,
    long requests,
    double meanMillis,
    double p50Millis,
    double p99Millis,
    double p999Millis,
    double adaptedAfterSeconds,
    Histogram histogram) {}
