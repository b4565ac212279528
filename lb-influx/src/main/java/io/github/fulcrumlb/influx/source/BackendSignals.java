package io.github.fulcrumlb.influx.source;

import io.github.fulcrumlb.api.HostMetrics;
import io.github.fulcrumlb.influx.query.HostReading;
import io.github.fulcrumlb.influx.query.Reading;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest reading of each signal (CPU, memory, network in, network out) of each backend, and how
 * they combine into one {@link HostMetrics}: a signal never seen counts as 0, the sample time is
 * the oldest signal's, and an older reading never replaces a newer one. Not thread-safe: {@link
 * InfluxMetricsSource} guards it.
 *
 * <p><b>The one validation layer for metric values.</b> Every reading, whichever {@code HostReader}
 * produced it, passes {@link #problem} before it is kept: CPU and memory must be fractions in [0,
 * 1], network rates finite and {@code >= 0}, times {@code >= 0}. A value that fails (a counter that
 * jumped to 1.7e308 gives an infinite rate; a field stored as a string reads as NaN) is not kept:
 * that one signal of that host keeps its previous reading and ages, every other signal and host is
 * taken, and the rejection is returned for counting and logging. So one bad value costs at most
 * that backend's sample, never the refresh.
 */
final class BackendSignals {
  private static final int SIGNALS = 4;
  private static final String[] NAMES = {"cpu", "memory", "network in", "network out"};

  private final Map<String, Reading[]> byBackend = new HashMap<>();

  /**
   * Takes in one refresh's readings, keyed by host tag, for the backends each host serves.
   *
   * @return one line per value rejected (host, signal, value, why); empty when all were valid
   */
  List<String> merge(Map<String, List<String>> backendsByHost, Map<String, HostReading> readings) {
    List<String> rejected = new ArrayList<>(0);
    for (Map.Entry<String, HostReading> e : readings.entrySet()) {
      List<String> ids = backendsByHost.get(e.getKey());
      if (ids == null || e.getValue() == null) {
        continue;
      }
      HostReading r = e.getValue();
      Reading[] fresh = {r.cpu(), r.memory(), r.networkIn(), r.networkOut()};
      for (int i = 0; i < SIGNALS; i++) {
        String problem = problem(i, fresh[i]);
        if (problem != null) {
          rejected.add(
              NAMES[i] + " of host " + quote(e.getKey()) + " (backends " + ids + ") " + problem);
          fresh[i] = null;
        }
      }
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
    return rejected;
  }

  /** Why this reading of signal {@code i} cannot be used, or null if it can (or is absent). */
  static String problem(int i, Reading r) {
    if (r == null) {
      return null;
    }
    double v = r.value();
    if (Double.isNaN(v)) {
      return "is not a number (InfluxDB returned a non-numeric value, e.g. a field stored as a"
          + " string)";
    }
    if (Double.isInfinite(v)) {
      return "is " + v + " (e.g. a counter that jumped by ~1e308)";
    }
    if (i < 2 ? v < 0 || v > 1 : v < 0) {
      return "is " + v + ", outside " + (i < 2 ? "[0, 1]" : "[0, +inf)");
    }
    if (r.timeMillis() < 0) {
      return "has a negative time " + r.timeMillis();
    }
    return null;
  }

  private static String quote(String host) {
    String shown = host.length() > 60 ? host.substring(0, 60) + "..." : host;
    return '"' + shown.replace("\r", "\\r").replace("\n", "\\n") + '"';
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
