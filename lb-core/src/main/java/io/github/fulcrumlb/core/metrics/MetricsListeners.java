package io.github.fulcrumlb.core.metrics;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.MetricsSource;
import java.lang.System.Logger.Level;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listeners of a {@link MetricsSource}: what {@link MetricsSource#subscribe} registers and what
 * a source calls after publishing a new map. Thread-safe; a listener that throws is logged and the
 * others are still called. Each registration is its own, so the same listener subscribed twice is
 * called twice and each subscription removes only itself.
 *
 * <pre>{@code
 * private final MetricsListeners listeners = new MetricsListeners();
 *
 * public Subscription subscribe(Runnable listener) {
 *   return listeners.subscribe(listener);
 * }
 *
 * private void publish(Map<String, HostMetrics> next) {
 *   latest = next;
 *   listeners.notifyListeners();
 * }
 * }</pre>
 */
public final class MetricsListeners {
  private static final System.Logger LOG = System.getLogger(MetricsListeners.class.getName());

  private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();

  /**
   * Registers {@code listener}.
   *
   * @return the handle that removes this registration
   * @throws NullPointerException if {@code listener} is null
   */
  public MetricsSource.Subscription subscribe(Runnable listener) {
    Registration r = new Registration(checkNotNull(listener, "listener must not be null"));
    registrations.add(r);
    return () -> registrations.remove(r);
  }

  /** Calls every registered listener once, on the calling thread. */
  public void notifyListeners() {
    for (Registration r : registrations) {
      try {
        r.listener.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A metrics listener threw; the others are still notified", e);
      }
    }
  }

  /** One subscription; identity, not the listener, tells registrations apart. */
  private static final class Registration {
    final Runnable listener;

    Registration(Runnable listener) {
      this.listener = listener;
    }
  }
}
