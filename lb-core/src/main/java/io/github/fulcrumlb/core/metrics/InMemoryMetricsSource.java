package io.github.fulcrumlb.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.api.MetricsSource;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link MetricsSource} whose samples are put in by code: for tests, simulations, and
 * applications that receive host metrics some other way. Thread-safe; {@link #latest()} is a
 * volatile read of an immutable map, replaced on each change (copy on write).
 *
 * <p>Listeners run on the thread that made the change, after it is visible in {@link #latest()}. A
 * put of the sample a backend already has, or a remove of an absent backend, changes nothing and
 * notifies no one.
 *
 * <pre>{@code
 * InMemoryMetricsSource metrics = new InMemoryMetricsSource();
 * LoadBalancer lb = LoadBalancer.builder().backends(list).metrics(metrics).build();
 * metrics.put("node-1", new HostMetrics(0.35, 0.50, 1e6, 2e6, System.currentTimeMillis()));
 * }</pre>
 */
public final class InMemoryMetricsSource implements MetricsSource {
  private final Object writeLock = new Object();
  private final MetricsListeners listeners = new MetricsListeners();
  private volatile Map<String, HostMetrics> latest = Map.of();

  /** Sets the latest sample of {@code backendId}, replacing any earlier one. */
  public void put(String backendId, HostMetrics sample) {
    checkNotNull(sample, "InMemoryMetricsSource sample must not be null");
    putAll(Map.of(checkedId(backendId), sample));
  }

  /** Sets several backends' samples as one change (listeners are notified once). */
  public void putAll(Map<String, HostMetrics> samples) {
    checkNotNull(samples, "InMemoryMetricsSource samples must not be null");
    samples.forEach(
        (id, sample) -> {
          checkedId(id);
          checkNotNull(sample, "InMemoryMetricsSource sample of \"%s\" must not be null", id);
        });
    synchronized (writeLock) {
      Map<String, HostMetrics> next = new HashMap<>(latest);
      next.putAll(samples);
      if (next.equals(latest)) {
        return;
      }
      latest = Map.copyOf(next);
    }
    listeners.notifyListeners();
  }

  /**
   * Forgets the sample of {@code backendId}.
   *
   * @return whether there was one
   */
  public boolean remove(String backendId) {
    checkNotNull(backendId, "InMemoryMetricsSource backendId must not be null");
    synchronized (writeLock) {
      if (!latest.containsKey(backendId)) {
        return false;
      }
      Map<String, HostMetrics> next = new HashMap<>(latest);
      next.remove(backendId);
      latest = Map.copyOf(next);
    }
    listeners.notifyListeners();
    return true;
  }

  @Override
  public Map<String, HostMetrics> latest() {
    return latest;
  }

  @Override
  public Subscription subscribe(Runnable listener) {
    return listeners.subscribe(listener);
  }

  private static String checkedId(String backendId) {
    checkArgument(
        backendId != null && !backendId.isBlank(),
        "InMemoryMetricsSource backendId must not be blank but was %s",
        backendId == null ? null : "\"" + backendId + "\"");
    return backendId;
  }

  @Override
  public String toString() {
    return "InMemoryMetricsSource{backends=" + latest.keySet() + '}';
  }
}
