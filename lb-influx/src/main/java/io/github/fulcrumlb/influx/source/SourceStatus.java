package io.github.fulcrumlb.influx.source;

import java.util.Optional;

/**
 * How an {@link InfluxMetricsSource} is doing: when it last refreshed, how many refreshes in a row
 * failed, and why the last one failed (never containing credentials).
 *
 * <pre>{@code
 * SourceStatus s = metrics.status();
 * if (s.consecutiveFailures() > 0) {
 *   System.err.println("InfluxDB unreachable: " + s.lastError().orElse("?"));
 * }
 * }</pre>
 *
 * @param refreshes successful refreshes since start
 * @param failures failed refreshes since start
 * @param consecutiveFailures failed refreshes since the last success
 * @param lastSuccessMillis wall-clock time of the last successful refresh, or -1 if none
 * @param hostsWithData how many of the wanted host tags had data in the last successful refresh (0
 *     for all of them usually means a wrong database, host tag mapping or schema: InfluxDB answers
 *     such queries with no rows, not with an error)
 * @param lastErrorMessage why the last refresh failed, or {@code null} after a success
 * @param rejectedValues metric values rejected since start (not a number, infinite, out of range):
 *     each cost only that signal of that host, which kept its previous value, not the refresh
 * @param lastRejectedValue the last value rejected (host, signal, value, why), or {@code null}
 */
public record SourceStatus(
    long refreshes,
    long failures,
    long consecutiveFailures,
    long lastSuccessMillis,
    int hostsWithData,
    String lastErrorMessage,
    long rejectedValues,
    String lastRejectedValue) {

  /** Why the last refresh failed, if it did. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastErrorMessage);
  }

  /** Whether the last refresh succeeded. */
  public boolean healthy() {
    return consecutiveFailures == 0 && lastSuccessMillis >= 0;
  }
}
