package io.github.fulcrumlb.influx.source;

import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.influx.query.HostReading;
import io.github.fulcrumlb.influx.query.Reading;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest reading of each signal (CPU, memory, network in, network out) of each backend, and how
 * they combine into one {@link HostMetrics}: a signal never seen counts as 0, the sample time is
 * the oldest signal's, and an older reading never replaces a newer one. Not thread-safe: {@link
 * InfluxMetricsSource} guards it.
 */
final class BackendSignals {
  private static final int SIGNALS = 4;

  private final Map<String, Reading[]> byBackend = new HashMap<>();

  /** Takes in one refresh's readings, keyed by host tag, for the backends each host serves. */
  void merge(Map<String, List<String>> backendsByHost, Map<String, HostReading> readings) {
    for (Map.Entry<String, HostReading> e : readings.entrySet()) {
      List<String> ids = backendsByHost.get(e.getKey());
      if (ids == null) {
        continue;
      }
      HostReading r = e.getValue();
      Reading[] fresh = {r.cpu(), r.memory(), r.networkIn(), r.networkOut()};
      for (String id : ids) {
        Reading[] slot = byBackend.computeIfAbsent(id, k -> new Reading[SIGNALS]);
        for (int i = 0; i < SIGNALS; i++) {
          if (fresh[i] != null
              && (slot[i] == null || fresh[i].timeMillis() >= slot[i].timeMillis())) {
            slot[i] = fresh[i];
          }
        }
      }
    }
  }

  /** Forgets backends not in {@code ids}. */
  void retain(Collection<String> ids) {
    byBackend.keySet().retainAll(ids);
  }

  /** One sample per backend with any signal. */
  Map<String, HostMetrics> toMetrics() {
    Map<String, HostMetrics> out = new HashMap<>();
    byBackend.forEach(
        (id, s) -> {
          HostMetrics m = combine(s);
          if (m != null) {
            out.put(id, m);
          }
        });
    return out;
  }

  private static HostMetrics combine(Reading[] s) {
    long oldest = Long.MAX_VALUE;
    for (Reading r : s) {
      if (r != null) {
        oldest = Math.min(oldest, r.timeMillis());
      }
    }
    if (oldest == Long.MAX_VALUE) {
      return null;
    }
    return new HostMetrics(value(s[0]), value(s[1]), value(s[2]), value(s[3]), Math.max(0, oldest));
  }

  private static double value(Reading r) {
    return r == null ? 0.0 : r.value();
  }
}
