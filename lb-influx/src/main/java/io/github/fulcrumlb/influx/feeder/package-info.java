/**
 * Host usage in Telegraf's schema where Telegraf is absent: {@link
 * io.github.fulcrumlb.influx.feeder.TelegrafFeeder} publishes what a {@link
 * io.github.fulcrumlb.influx.feeder.HostUsageProbe} ({@link
 * io.github.fulcrumlb.influx.feeder.ProcfsUsageProbe}: Linux {@code /proc}) reads.
 *
 * <pre>{@code
 * TelegrafFeeder feeder = TelegrafFeeder.builder(writer).host("node-5").build();
 * }</pre>
 */
package io.github.fulcrumlb.influx.feeder;
