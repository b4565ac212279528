package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.testing.EchoBackend;
import io.github.fulcrumlb.netty.testing.LeakChecks;
import io.github.fulcrumlb.netty.testing.Poll;
import io.github.fulcrumlb.netty.testing.ThrowingStrategyProvider;
import io.github.fulcrumlb.netty.testing.UdpClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnexpectedFailureTest {
  @Test
  void aDatagramWhoseForwardingThrowsIsDroppedAndItsBufferReleased() throws Exception {
    try (EchoBackend backend = EchoBackend.start();
        UdpBalancer lb =
            UdpBalancer.start(
                UdpBalancerConfig.builder()
                    .listen(new InetSocketAddress("127.0.0.1", 0))
                    .backend(Backend.parse(backend.address()))
                    .strategy(ThrowingStrategyProvider.NAME)
                    .eventLoops(1)
                    .drainTimeout(Duration.ZERO)
                    .build());
        UdpClient client = new UdpClient(lb.localAddress(), 200)) {
      for (int i = 0; i < 20; i++) {
        client.send(new byte[] {1, 2, 3});
      }
      Poll.until(Duration.ofSeconds(10), "20 drops", () -> lb.stats().total().drops() == 20);
      assertThat(backend.echoed()).isZero();
    }
    LeakChecks.assertNoLeaks();
  }
}
