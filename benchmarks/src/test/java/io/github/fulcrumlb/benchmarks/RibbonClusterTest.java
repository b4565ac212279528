package io.github.fulcrumlb.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.loadbalancer.Server;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RibbonClusterTest {

  @Test
  void roundRobinRuleVisitsEveryServer() {
    RibbonCluster cluster = RibbonCluster.of(RibbonCluster.ROUND_ROBIN, 16);
    try {
      Set<Server> chosen = new HashSet<>();
      for (int i = 0; i < 16; i++) {
        chosen.add(cluster.rule().choose(null));
      }
      assertThat(chosen).hasSize(16);
    } finally {
      cluster.shutdown();
    }
  }

  @Test
  void bestAvailableRuleChoosesTheServerWithFewestActiveRequests() {
    RibbonCluster cluster = RibbonCluster.of(RibbonCluster.BEST_AVAILABLE, 16);
    try {
      // In-flight counts are 1 + (5i + 2) % 12: index 2 is the first with a single request.
      Server expected = cluster.balancer().getAllServers().get(2);
      for (int i = 0; i < 5; i++) {
        assertThat(cluster.rule().choose(null)).isSameAs(expected);
      }
    } finally {
      cluster.shutdown();
    }
  }

  @Test
  void startsNeitherPercentilePublisherNorPingTimer() {
    RibbonCluster cluster = RibbonCluster.of(RibbonCluster.BEST_AVAILABLE, 256);
    try {
      for (int i = 0; i < 1000; i++) {
        cluster.rule().choose(null);
      }
      // Ribbon's names for the threads of ServerStats' DataPublisher and BaseLoadBalancer's pinger.
      assertThat(Thread.getAllStackTraces().keySet())
          .extracting(Thread::getName)
          .noneMatch(name -> name.equals("DataPublisher"))
          .noneMatch(name -> name.startsWith("NFLoadBalancer-PingTimer"));
    } finally {
      cluster.shutdown();
    }
  }

  @Test
  void rejectsUnknownRule() {
    assertThatThrownBy(() -> RibbonCluster.of("ribbon:WeightedResponseTimeRule", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ribbon:RoundRobinRule");
  }
}
