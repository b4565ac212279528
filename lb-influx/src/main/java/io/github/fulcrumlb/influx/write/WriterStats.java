package io.github.fulcrumlb.influx.write;

/**
 * Counters of a {@link LineProtocolWriter}, for dashboards and tests.
 *
 * <pre>{@code
 * WriterStats s = writer.stats();
 * if (s.dropped() > 0) System.err.println(s.dropped() + " points dropped: queue full");
 * }</pre>
 *
 * @param accepted points taken into the queue since start
 * @param written points the server acknowledged
 * @param dropped points refused because the queue was full (never blocks the caller instead)
 * @param failed points in batches the server refused or that could not be sent
 * @param queued points waiting now
 */
public record WriterStats(long accepted, long written, long dropped, long failed, int queued) {}
