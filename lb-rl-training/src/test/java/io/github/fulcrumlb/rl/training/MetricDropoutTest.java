package io.github.fulcrumlb.rl.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.BackendMetrics;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricDropoutTest {

  private final List<ClusterSnapshot> seen = new ArrayList<>();
  private final long[] now = {0};

  private Strategy recorder() {
    return new Strategy() {
      @Override
      public String name() {
        return "recorder";
      }

      @Override
      public void update(ClusterSnapshot cluster) {
        seen.add(cluster);
      }

      @Override
      public Endpoint tryPick(long key) {
        return seen.get(seen.size() - 1).endpoint(0);
      }
    };
  }

  private static List<Endpoint> endpoints(int n) {
    List<Endpoint> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Endpoint(Backend.of("b" + i, "127.0.0.1", 9000 + i), new LoadTracker(), 1));
    }
    return out;
  }

  /** Backend i reports cpu {@code cpu}, a sample {@code age} ms old, in-flight i, latency 5. */
  private static ClusterSnapshot cluster(List<Endpoint> eps, double cpu, long age) {
    List<BackendMetrics> m = new ArrayList<>();
    for (int i = 0; i < eps.size(); i++) {
      m.add(new BackendMetrics(cpu, 0.3, 10, 10, age, i, 5, 0));
    }
    return ClusterSnapshot.of(eps, m);
  }

  @Test
  void allTakesEveryHostSampleAndKeepsTheBalancersOwnCounters() {
    Strategy s = MetricDropout.ALL.wrap(recorder(), () -> now[0]);
    s.update(cluster(endpoints(3), 0.7, 1_000));

    ClusterSnapshot c = seen.get(0);
    for (int i = 0; i < 3; i++) {
      assertThat(c.metrics(i).hasHostSample()).isFalse();
      assertThat(c.metrics(i).inFlight()).isEqualTo(i);
      assertThat(c.metrics(i).latencyMillis()).isEqualTo(5);
    }
  }

  @Test
  void someBackendsLoseTheirSamplesAndTheSameOnesEveryUpdate() {
    MetricDropout d = new MetricDropout(MetricDropout.Mode.SOME_BACKENDS, 0.5, 0, 77);
    Strategy s = d.wrap(recorder(), () -> now[0]);
    List<Endpoint> eps = endpoints(40);
    s.update(cluster(eps, 0.7, 1_000));
    s.update(cluster(eps, 0.6, 2_000));

    int without = 0;
    for (int i = 0; i < 40; i++) {
      boolean first = seen.get(0).metrics(i).hasHostSample();
      assertThat(seen.get(1).metrics(i).hasHostSample()).isEqualTo(first);
      without += first ? 0 : 1;
    }
    assertThat(without).isBetween(10, 30);
  }

  @Test
  void lateSamplesAreOlderValuesAgedByTheDelay() {
    MetricDropout d = new MetricDropout(MetricDropout.Mode.LATE, 0, 5_000_000_000L, 0);
    Strategy s = d.wrap(recorder(), () -> now[0]);
    List<Endpoint> eps = endpoints(2);

    s.update(cluster(eps, 0.2, 1_000)); // t = 0: nothing old enough yet
    now[0] = 6_000_000_000L;
    s.update(cluster(eps, 0.9, 1_000)); // t = 6 s: the t = 0 sample, now 7 s old

    assertThat(seen.get(0).metrics(0).hasHostSample()).isFalse();
    BackendMetrics late = seen.get(1).metrics(1);
    assertThat(late.cpu()).isEqualTo(0.2);
    assertThat(late.sampleAgeMillis()).isEqualTo(7_000);
    assertThat(late.inFlight()).isEqualTo(1);
  }

  @Test
  void drawsEveryModeFromOneSeed() {
    SplittableRandom rnd = new SplittableRandom(3);
    java.util.Set<MetricDropout.Mode> modes = java.util.EnumSet.noneOf(MetricDropout.Mode.class);
    for (int i = 0; i < 200; i++) {
      modes.add(MetricDropout.draw(rnd).mode());
    }
    assertThat(modes).containsExactlyInAnyOrder(MetricDropout.Mode.values());
    assertThat(MetricDropout.draw(new SplittableRandom(9)))
        .isEqualTo(MetricDropout.draw(new SplittableRandom(9)));
  }
}
