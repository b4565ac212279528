package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import io.github.fulcrumlb.netty.testing.EchoBackend;
import io.github.fulcrumlb.netty.testing.LeakChecks;
import io.github.fulcrumlb.netty.testing.Poll;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A flood of distinct source addresses (every 127.0.x.y:port on loopback is a real, distinct
 * source) must not grow the session table beyond its bound.
 */
class SpoofedSourcesTest {
  private static final int SOURCES = 100_000;
  private static final int MAX_SESSIONS = 1_000;

  private static long openFileDescriptors() {
    java.nio.file.Path fds = java.nio.file.Path.of("/proc/self/fd");
    if (!java.nio.file.Files.isDirectory(fds)) {
      return -1;
    }
    try (var list = java.nio.file.Files.list(fds)) {
      return list.count();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void hundredThousandSourcesKeepTheSessionTableBounded() throws Exception {
    try (EchoBackend backend = EchoBackend.start();
        UdpBalancer lb =
            UdpBalancer.start(
                UdpBalancerConfig.builder()
                    .listen(new InetSocketAddress("127.0.0.1", 0))
                    .backend(Backend.parse(backend.address()))
                    .maxSessions(MAX_SESSIONS)
                    .eventLoops(2)
                    .drainTimeout(Duration.ZERO)
                    .build())) {
      InetSocketAddress target = lb.localAddress();
      long fdsBefore = openFileDescriptors();
      long maxFds = fdsBefore;
      ByteBuffer payload = ByteBuffer.allocateDirect(16);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int sent = 0;
      int maxSeen = 0;
      for (int i = 0; i < SOURCES && System.nanoTime() < deadline; i++) {
        // 127.1.0.0/16 then ephemeral ports: 100k distinct (address, port) sources.
        String source = "127.1." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
        try (DatagramChannel ch = DatagramChannel.open()) {
          ch.bind(new InetSocketAddress(source, 0));
          payload.clear().putLong(i).flip();
          ch.send(payload, target);
        }
        sent++;
        if (i % 10_000 == 0) {
          maxSeen = Math.max(maxSeen, lb.sessions());
          maxFds = Math.max(maxFds, openFileDescriptors());
          assertThat(lb.sessions()).isLessThanOrEqualTo(MAX_SESSIONS);
        }
      }
      assertThat(sent).as("sources sent within the time bound").isGreaterThan(20_000);
      // Wait until the balancer has processed what reached it (the kernel may drop some when
      // its receive buffer overflows: those never reach the balancer).
      long[] last = {-1};
      Poll.until(
          Duration.ofSeconds(20),
          "the balancer to go quiet",
          () -> {
            TrafficStats t = lb.stats().total();
            long processed = t.sessionsOpened() + t.drops();
            boolean quiet = processed == last[0];
            last[0] = processed;
            if (!quiet) {
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return quiet;
          });
      TrafficStats total = lb.stats().total();
      assertThat(lb.sessions()).isLessThanOrEqualTo(MAX_SESSIONS);
      assertThat(total.sessionsActive()).isLessThanOrEqualTo(MAX_SESSIONS);
      assertThat(total.sessionsEvicted())
          .isGreaterThanOrEqualTo(total.sessionsOpened() - MAX_SESSIONS);
      assertThat(maxSeen).isLessThanOrEqualTo(MAX_SESSIONS);
      // One upstream socket per session: descriptors stay bounded too (-1 where /proc is absent).
      if (fdsBefore >= 0) {
        assertThat(maxFds - fdsBefore)
            .as("extra file descriptors")
            .isLessThanOrEqualTo(MAX_SESSIONS + 64);
      }
      // The kernel drops part of the flood (the listener's receive buffer overflows while every new
      // source costs an upstream socket), but far more sources than the bound got a session.
      assertThat(total.sessionsOpened()).as("sessions opened").isGreaterThan(10L * MAX_SESSIONS);
    }
    LeakChecks.assertNoLeaks();
  }
}
