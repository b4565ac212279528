package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Live reconfiguration (a config reload): the reply timeout and the strategy change in place. */
class UdpBalancerReconfigureTest {

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aShorterReplyTimeoutTakesEffectWithoutARestart() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        UdpBalancer udp =
            UdpBalancer.start(
                UdpBalancerConfig.builder()
                    .listen(new InetSocketAddress("127.0.0.1", 0))
                    .backends(List.of(Backend.parse("127.0.0.1:" + silent.getLocalPort())))
                    .eventLoops(1)
                    .replyTimeout(Duration.ofSeconds(60))
                    .drainTimeout(Duration.ZERO)
                    .build());
        DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      udp.timeouts(Duration.ofMillis(100), Duration.ofSeconds(60));
      // The session's next datagram expires its requests older than the reply timeout: with the
      // 60 s it started with, none would within this test's 10 s.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (udp.stats().total().timeouts() == 0 && System.nanoTime() < deadline) {
        client.send(new DatagramPacket(new byte[] {1}, 1, udp.localAddress()));
        Thread.sleep(50); // polling a counter with a deadline
      }
      assertThat(udp.stats().total().timeouts()).isPositive();
    }
  }

  @Test
  void replacingTheStrategyKeepsTheMembersAndNamesTheNewOne() {
    try (UdpBalancer udp =
        UdpBalancer.start(
            UdpBalancerConfig.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .backends(List.of(Backend.parse("127.0.0.1:5301"), Backend.parse("127.0.0.1:5302")))
                .strategy("p2c")
                .eventLoops(1)
                .drainTimeout(Duration.ZERO)
                .build())) {
      udp.replaceStrategy("peak-ewma", Map.of());
      assertThat(udp.strategy().name()).isEqualTo("peak-ewma");
      assertThat(udp.loadBalancer().stats().strategy()).isEqualTo("peak-ewma");
      assertThat(udp.loadBalancer().pick().id()).isIn("127.0.0.1:5301", "127.0.0.1:5302");
    }
  }
}
