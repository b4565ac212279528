package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.config.Affinity;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.testing.HoldingStrategyProvider;
import io.github.fulcrumlb.netty.testing.TrackedResources;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replies that reach the balancer while its event loop is busy wait in the upstream socket's
 * receive buffer until the loop reads them. In per-datagram mode one upstream socket carries a
 * client's replies from every backend, so it must hold as many as the listener holds requests: at
 * the kernel's default buffer (about 250 small datagrams) a pause of a few hundred milliseconds at
 * the demo's 800 datagrams/s lost replies the backends had already served.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RepliesWhileLoopBusyTest {
  /** More small replies than a default-sized receive buffer (212,992 bytes) holds. */
  private static final int REPLIES = 300;

  private static final int SOCKET_BUFFER = 4 << 20;

  @RegisterExtension final TrackedResources resources = new TrackedResources();

  private <T extends AutoCloseable> T track(T resource) {
    return resources.track(resource);
  }

  @Test
  void repliesArrivingWhileTheLoopIsHeldAreAllRelayed() throws Exception {
    DatagramSocket backend = track(socket(2_000));
    DatagramSocket client = track(socket(2_000));
    UdpBalancer lb =
        track(
            UdpBalancer.start(
                UdpBalancerConfig.builder()
                    .listen(new InetSocketAddress("127.0.0.1", 0))
                    .backend(
                        Backend.of(
                            "held",
                            "127.0.0.1",
                            ((InetSocketAddress) backend.getLocalSocketAddress()).getPort()))
                    .strategy(HoldingStrategyProvider.NAME)
                    .affinity(Affinity.DATAGRAM)
                    .eventLoops(1)
                    .replyTimeout(Duration.ofSeconds(30))
                    .drainTimeout(Duration.ZERO)
                    .build()));

    // The requests reach the backend, which keeps their replies for later.
    List<DatagramPacket> requests = new ArrayList<>();
    for (int i = 0; i < REPLIES; i++) {
      send(client, lb.localAddress(), i);
      requests.add(receive(backend));
    }
    assertThat(requests).doesNotContainNull();
    SocketAddress upstream = requests.get(0).getSocketAddress();

    // One more request holds the loop in its pick; meanwhile every reply reaches the balancer.
    HoldingStrategyProvider.Hold hold = HoldingStrategyProvider.holdNextPick();
    send(client, lb.localAddress(), REPLIES);
    assertThat(hold.awaitHeld(5_000)).as("the loop is held").isTrue();
    for (DatagramPacket request : requests) {
      backend.send(new DatagramPacket(request.getData(), request.getLength(), upstream));
    }
    hold.release();

    int relayed = 0;
    while (relayed < REPLIES && receive(client) != null) {
      relayed++;
    }
    assertThat(relayed).as("replies relayed to the client").isEqualTo(REPLIES);
  }

  private static DatagramSocket socket(int timeoutMillis) throws Exception {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    s.setSoTimeout(timeoutMillis);
    s.setReceiveBufferSize(SOCKET_BUFFER);
    return s;
  }

  private static void send(DatagramSocket from, InetSocketAddress to, int seq) throws Exception {
    byte[] payload = ByteBuffer.allocate(16).putInt(0, seq).array();
    from.send(new DatagramPacket(payload, payload.length, to));
  }

  /** The next datagram, or {@code null} on timeout. */
  private static DatagramPacket receive(DatagramSocket s) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[2_048], 2_048);
    try {
      s.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return p;
  }
}
