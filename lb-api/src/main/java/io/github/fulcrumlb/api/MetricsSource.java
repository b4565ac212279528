package io.github.fulcrumlb.api;

import java.util.Map;

/**
 * Supplies the latest host metrics of backends, e.g. from InfluxDB in Telegraf's schema, or from
 * memory in tests.
 *
 * <p>{@link #latest()} never blocks: a source that fetches remotely does so on its own schedule and
 * returns what it has. A sample's {@link HostMetrics#sampledAtMillis()} tells consumers how stale
 * it is; a source keeps returning its last sample while it cannot refresh.
 *
 * <pre>{@code
 * MetricsSource.Subscription s = source.subscribe(() -> rebuildScores(source.latest()));
 * ...
 * s.close();
 * }</pre>
 */
public interface MetricsSource extends AutoCloseable {

  /**
   * The latest sample per backend id; backends without any sample are absent. Unmodifiable; never
   * blocks.
   */
  Map<String, HostMetrics> latest();

  /**
   * Registers a listener called (on a thread of the source's choosing) after {@link #latest()}
   * changed. The listener must be quick and must not throw.
   *
   * @return a handle whose {@link Subscription#close()} removes the listener
   */
  Subscription subscribe(Runnable listener);

  /** Stops background work, if any. The default does nothing. */
  @Override
  default void close() {}

  /** Handle of a listener registration. */
  @FunctionalInterface
  interface Subscription extends AutoCloseable {
    /** Removes the listener; calling it again does nothing. */
    @Override
    void close();
  }
}
