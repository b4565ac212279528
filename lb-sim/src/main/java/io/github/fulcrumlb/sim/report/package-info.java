/**
 * Results and their presentation: per-run latency statistics from HdrHistogram, per-backend share
 * and utilisation, and the scenario report as a table, CSV, JSON, or a PNG chart.
 */
package io.github.fulcrumlb.sim.report;
