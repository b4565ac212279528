package io.github.fulcrumlb.influx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.TimeSource;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Logs a recurring problem at most once per period, counting what it held back: a server that is
 * down for an hour costs one line a minute, not one per poll. Recovery is logged once. Thread-safe.
 *
 * <pre>{@code
 * RateLimitedLogger log = new RateLimitedLogger(LOG, Duration.ofMinutes(1), TimeSource.SYSTEM);
 * log.failure("InfluxDB query failed: " + e.getMessage());  // at most once a minute
 * log.recovered("InfluxDB query works again");              // once, only after a failure
 * }</pre>
 */
public final class RateLimitedLogger {
  private final System.Logger logger;
  private final long periodNanos;
  private final TimeSource time;
  private boolean failing;
  private boolean loggedOnce;
  private long lastLoggedNanos;
  private long suppressed;

  /**
   * @param logger where lines go
   * @param period least time between two failure lines, {@code >= 0}
   * @param time the clock periods are measured on
   */
  public RateLimitedLogger(System.Logger logger, Duration period, TimeSource time) {
    this.logger = checkNotNull(logger, "logger");
    checkArgument(!period.isNegative(), "RateLimitedLogger.period must be >= 0 but was %s", period);
    this.periodNanos = period.toNanos();
    this.time = checkNotNull(time, "time");
  }

  /**
   * Logs {@code message} at WARNING unless a failure was logged less than a period ago.
   *
   * @return whether the line was logged
   */
  public synchronized boolean failure(String message) {
    failing = true;
    long now = time.nanoTime();
    if (loggedOnce && now - lastLoggedNanos < periodNanos) {
      suppressed++;
      return false;
    }
    String line = suppressed == 0 ? message : message + " (" + suppressed + " similar suppressed)";
    logger.log(Level.WARNING, line);
    loggedOnce = true;
    lastLoggedNanos = now;
    suppressed = 0;
    return true;
  }

  /** Logs {@code message} at INFO if the last event was a failure; otherwise does nothing. */
  public synchronized void recovered(String message) {
    if (!failing) {
      return;
    }
    failing = false;
    logger.log(
        Level.INFO,
        suppressed == 0 ? message : message + " (" + suppressed + " failures not logged)");
    suppressed = 0;
    loggedOnce = false;
  }
}
