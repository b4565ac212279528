package io.github.fulcrumlb.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeListenerTest {
  private static final Backend A = Backend.of("a", "10.0.0.1", 80);

  private LoadBalancer balancer() {
    return LoadBalancer.builder()
        .backends(List.of(A))
        .strategy("round-robin")
        .time(new ManualTimeSource())
        .random(new SeededRandomSource(1))
        .manualRefresh()
        .build();
  }

  @Test
  void listenerHearsEveryReportAndCancelUntilUnregistered() {
    List<String> heard = new ArrayList<>();
    try (LoadBalancer lb = balancer()) {
      OutcomeListener.Registration registration =
          lb.addOutcomeListener(
              new OutcomeListener() {
                @Override
                public void onOutcome(Endpoint endpoint, long latencyNanos, boolean success) {
                  heard.add(endpoint.id() + " " + latencyNanos + " " + success);
                }

                @Override
                public void onCancel(Endpoint endpoint) {
                  heard.add(endpoint.id() + " cancelled");
                }
              });
      lb.report(lb.pick(), 1_000, true);
      lb.report(lb.pick(), 2_000, false);
      lb.cancel(lb.pick());
      registration.close();
      registration.close(); // idempotent
      lb.report(lb.pick(), 3_000, true);

      assertThat(heard).containsExactly("a 1000 true", "a 2000 false", "a cancelled");
      assertThat(lb.stats().backend("a").orElseThrow().completed()).isEqualTo(3);
    }
  }

  @Test
  void listenersAreCalledInRegistrationOrder() {
    List<String> heard = new ArrayList<>();
    try (LoadBalancer lb = balancer()) {
      lb.addOutcomeListener((e, l, s) -> heard.add("first"));
      lb.addOutcomeListener((e, l, s) -> heard.add("second"));
      lb.report(lb.pick(), 1, true);
      assertThat(heard).containsExactly("first", "second");
    }
  }
}
