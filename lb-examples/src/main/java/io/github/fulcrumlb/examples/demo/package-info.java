/**
 * The pieces of {@code ./fulcrum demo}: CPU-bound UDP backends ({@link
 * io.github.fulcrumlb.examples.demo.CpuBoundBackend}) with per-backend metrics derived from their
 * own threads and counters ({@link io.github.fulcrumlb.examples.demo.BackendUsageMeter}), in memory
 * or through InfluxDB ({@link io.github.fulcrumlb.examples.demo.DemoMetrics}); a Poisson or
 * closed-loop UDP client ({@link io.github.fulcrumlb.examples.demo.UdpTrafficGenerator}); the live
 * view ({@link io.github.fulcrumlb.examples.demo.DemoView}); one run wired together ({@link
 * io.github.fulcrumlb.examples.demo.DemoRun}) and its tables ({@link
 * io.github.fulcrumlb.examples.demo.DemoTables}).
 */
package io.github.fulcrumlb.examples.demo;
