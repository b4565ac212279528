package io.github.fulcrumlb.rl;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import java.util.ArrayList;
import java.util.List;

/** Snapshots for tests. */
public final class Clusters {
  private Clusters() {}

  /** Endpoints b0..b(n-1) with trackers starting at time 0. */
  public static List<Endpoint> endpoints(int n) {
    List<Endpoint> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new Endpoint(
              Backend.of("b" + i, "127.0.0.1", 9000 + i),
              new LoadTracker(LoadTracker.DEFAULT_DECAY_NANOS, 0),
              1));
    }
    return out;
  }

  /** A snapshot where backend i reports cpu[i], fresh (1 s old), no local traffic yet. */
  public static ClusterSnapshot withCpu(List<Endpoint> endpoints, double... cpu) {
    List<BackendMetrics> m = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      m.add(new BackendMetrics(cpu[i], 0.3, 1e6, 1e6, 1_000, 0, 0, 0));
    }
    return ClusterSnapshot.of(endpoints, m);
  }

  /** A snapshot where every host sample is {@code ageMillis} old. */
  public static ClusterSnapshot aged(List<Endpoint> endpoints, long ageMillis) {
    List<BackendMetrics> m = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      m.add(new BackendMetrics(0.5, 0.3, 1e6, 1e6, ageMillis, 0, 0, 0));
    }
    return ClusterSnapshot.of(endpoints, m);
  }
}
