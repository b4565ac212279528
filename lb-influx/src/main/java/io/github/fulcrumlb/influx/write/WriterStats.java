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
 * @param failed points in batches the server refused as a whole or that could not be sent
 * @param queued points waiting now
 * @param rejected points refused one by one while the rest of their batch was stored: by the server
 *     (a partial write, e.g. a field type conflict) or before sending, because line protocol cannot
 *     carry them (e.g. a tag value ending in a backslash)
 * @param lastRejection why the last point was rejected, or {@code null}
 */
public record WriterStats(
    long accepted,
    long written,
    long dropped,
    long failed,
    int queued,
    long rejected,
    String lastRejection) {}
