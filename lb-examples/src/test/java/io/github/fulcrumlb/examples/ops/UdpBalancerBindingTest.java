package io.github.fulcrumlb.examples.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // closes the binding inside its try to check what close() removes
class UdpBalancerBindingTest {

  @Test
  void aReplacedStrategyGetsItsOwnMetersAndTheOthersStay() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (UdpBalancer udp =
            UdpBalancer.start(
                UdpBalancerConfig.builder()
                    .listen(new InetSocketAddress("127.0.0.1", 0))
                    .backends(List.of(Backend.parse("127.0.0.1:5301")))
                    .strategy("p2c")
                    .eventLoops(1)
                    .drainTimeout(Duration.ZERO)
                    .build());
        UdpBalancerBinding binding = new UdpBalancerBinding(udp, registry, Tags.empty())) {
      var before =
          registry.get("fulcrum.udp.datagrams").tag("direction", "request").functionCounter();
      assertThat(registry.find("fulcrum.rl.fallback").gauges()).isEmpty();

      udp.replaceStrategy("rl", Map.of());
      binding.strategyReplaced(udp);

      assertThat(registry.find("fulcrum.rl.fallback").gauges()).isNotEmpty();
      assertThat(
              registry.get("fulcrum.udp.datagrams").tag("direction", "request").functionCounter())
          .isSameAs(before);

      binding.close();
      assertThat(registry.getMeters()).isEmpty();
    }
  }
}
