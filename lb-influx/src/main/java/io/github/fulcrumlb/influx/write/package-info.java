/**
 * Line protocol to InfluxDB, off the hot path: {@link
 * io.github.fulcrumlb.influx.write.LineProtocolWriter} queues points (bounded, drops counted) and
 * posts them in batches to {@code /write} (1.x) or {@code /api/v2/write} (2.x).
 *
 * <pre>{@code
 * LineProtocolWriter writer = LineProtocolWriter.builder(connection).capacity(10_000).build();
 * writer.offer(point);
 * }</pre>
 */
package io.github.fulcrumlb.influx.write;
