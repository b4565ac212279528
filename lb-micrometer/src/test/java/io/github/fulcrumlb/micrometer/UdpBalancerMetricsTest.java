package io.github.fulcrumlb.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import io.github.fulcrumlb.netty.stats.UdpBalancerStats;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UdpBalancerMetricsTest {

  @Test
  void metersMatchTheBalancersOwnStatsAfterTraffic() throws Exception {
    AtomicLong clock = new AtomicLong();
    try (LoopbackEcho a = LoopbackEcho.start();
        LoopbackEcho b = LoopbackEcho.start();
        UdpBalancer udp =
            UdpBalancer.start(
                UdpBalancerConfig.builder()
                    .listen(new InetSocketAddress("127.0.0.1", 0))
                    .backends(List.of(Backend.parse(a.address()), Backend.parse(b.address())))
                    .strategy("round-robin")
                    .eventLoops(1)
                    .replyTimeout(Duration.ofSeconds(5))
                    .maxDatagramSize(1000)
                    .build())) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new UdpBalancerMetrics(udp, Tags.empty(), clock::get).bindTo(registry);
      for (int client = 0; client < 4; client++) {
        try (DatagramSocket socket = new DatagramSocket(0, udp.localAddress().getAddress())) {
          socket.setSoTimeout(10_000);
          for (int i = 0; i < 5; i++) {
            byte[] payload = ("hello " + client + " " + i).getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(payload, payload.length, udp.localAddress()));
            DatagramPacket reply = new DatagramPacket(new byte[64], 64);
            socket.receive(reply);
          }
        }
      }
      try (DatagramSocket socket = new DatagramSocket(0, udp.localAddress().getAddress())) {
        byte[] big = new byte[1001]; // one byte over the largest accepted: dropped, counted
        socket.send(new DatagramPacket(big, big.length, udp.localAddress()));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (udp.stats().total().oversize() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10); // polling a counter with a deadline
      }
      clock.addAndGet(Duration.ofSeconds(1).toNanos()); // the binder's snapshot is now stale
      UdpBalancerStats stats = udp.stats();
      TrafficStats total = stats.total();
      assertThat(total.requests()).isEqualTo(21);
      assertThat(total.oversize()).isEqualTo(1);
      assertThat(count(registry, "fulcrum.udp.oversize", Tags.empty())).isEqualTo(1.0);
      assertThat(count(registry, "fulcrum.udp.replies.unmatched", Tags.empty()))
          .isEqualTo((double) total.unmatchedReplies());
      assertThat(count(registry, "fulcrum.udp.replies.dropped", Tags.empty()))
          .isEqualTo((double) total.droppedReplies());
      assertThat(count(registry, "fulcrum.udp.datagrams", Tags.of("direction", "request")))
          .isEqualTo((double) total.requests());
      assertThat(count(registry, "fulcrum.udp.datagrams", Tags.of("direction", "reply")))
          .isEqualTo((double) total.replies());
      assertThat(count(registry, "fulcrum.udp.bytes", Tags.of("direction", "request")))
          .isEqualTo((double) total.requestBytes());
      assertThat(count(registry, "fulcrum.udp.sessions.opened", Tags.empty())).isEqualTo(4);
      assertThat(registry.get("fulcrum.udp.sessions.active").gauge().value())
          .isEqualTo((double) total.sessionsActive());
      for (TrafficStats backend : stats.backends()) {
        Tags tags = Tags.of("backend", backend.name(), "direction", "request");
        assertThat(count(registry, "fulcrum.udp.backend.datagrams", tags))
            .isEqualTo((double) backend.requests())
            .isPositive();
        assertThat(
                count(
                    registry,
                    "fulcrum.udp.backend.bytes",
                    Tags.of("backend", backend.name(), "direction", "reply")))
            .isEqualTo((double) backend.replyBytes());
      }
    }
  }

  private static double count(SimpleMeterRegistry registry, String name, Tags tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  /** A UDP echo server on 127.0.0.1 for these tests, on its own daemon thread. */
  static final class LoopbackEcho implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    private LoopbackEcho(DatagramSocket socket) {
      this.socket = socket;
      this.thread = new Thread(this::run, "echo-" + socket.getLocalPort());
      thread.setDaemon(true);
      thread.start();
    }

    static LoopbackEcho start() throws Exception {
      return new LoopbackEcho(new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)));
    }

    String address() {
      return "127.0.0.1:" + socket.getLocalPort();
    }

    private void run() {
      byte[] buf = new byte[2048];
      while (!socket.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          socket.receive(p);
          socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
        } catch (java.io.IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() {
      socket.close();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
