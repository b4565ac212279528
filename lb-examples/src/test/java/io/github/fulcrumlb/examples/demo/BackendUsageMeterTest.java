package io.github.fulcrumlb.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.HostMetrics;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BackendUsageMeterTest {

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void cpuAndNetworkComeFromTheBackendsOwnThreadsAndCounters() throws Exception {
    try (CpuBoundBackend backend = CpuBoundBackend.start(3, "b", 1, 2_000);
        DatagramSocket client =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      client.setSoTimeout(5_000);
      BackendUsageMeter meter = new BackendUsageMeter(backend);
      long start = System.nanoTime();
      byte[] buf = new byte[64];
      for (int i = 0; i < 50; i++) { // 50 × 2 ms of CPU, one at a time
        client.send(new DatagramPacket(buf, buf.length, backend.address()));
        DatagramPacket reply = new DatagramPacket(new byte[64], 64);
        client.receive(reply);
        assertThat(ByteBuffer.wrap(reply.getData()).getInt(CpuBoundBackend.INDEX_OFFSET))
            .isEqualTo(3);
      }
      long now = System.nanoTime();
      HostMetrics m = meter.read(now, System.currentTimeMillis());
      double seconds = (now - start) / 1e9;

      // 100 ms of CPU over the elapsed time on one core (the receiver thread adds a little)
      assertThat(m.cpu()).isBetween(0.09 / seconds * 0.9, Math.min(1, 0.13 / seconds + 0.05));
      assertThat(m.networkInBytesPerSecond()).isCloseTo(50 * 64 / seconds, within(0.2, seconds));
      assertThat(m.networkOutBytesPerSecond()).isCloseTo(50 * 64 / seconds, within(0.2, seconds));
      assertThat(m.memory()).isZero();
      assertThat(backend.served()).isEqualTo(50);
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double fraction, double seconds) {
    return org.assertj.core.data.Offset.offset(fraction * 50 * 64 / seconds);
  }
}
