package io.github.fulcrumlb.examples.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.core.health.OutlierDetection;
import io.github.fulcrumlb.examples.cli.LoopbackEcho;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.micrometer.core.instrument.Tags;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /health} over HTTP in front of a real UDP balancer whose backends go away. */
@SuppressWarnings("try") // a binding held open by try-with-resources, not read in the body
class MetricsEndpointHealthTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> health(MetricsEndpoint endpoint) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/health"))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void healthTurns503WhenEveryBackendIsEjected() throws Exception {
    LoopbackEcho a = LoopbackEcho.start("a");
    LoopbackEcho b = LoopbackEcho.start("b");
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0));
        UdpBalancer udp =
            UdpBalancer.start(
                UdpBalancerConfig.builder()
                    .listen(new InetSocketAddress("127.0.0.1", 0))
                    .backends(List.of(Backend.parse(a.address()), Backend.parse(b.address())))
                    .strategy("round-robin")
                    .affinity(io.github.fulcrumlb.netty.config.Affinity.DATAGRAM)
                    .eventLoops(1)
                    .replyTimeout(Duration.ofSeconds(1))
                    .outlierDetection(
                        OutlierDetection.builder()
                            .consecutiveFailures(2)
                            .baseEjectionTime(Duration.ofMinutes(5))
                            .maxEjectionPercent(100)
                            .panicThresholdPercent(0)
                            .build())
                    .build());
        UdpBalancerBinding binding =
            new UdpBalancerBinding(udp, endpoint.registry(), Tags.empty());
        DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      endpoint.health(() -> UdpBalancerBinding.health(udp.loadBalancer()));
      client.setSoTimeout(5_000);
      String answered = null;
      for (int attempt = 0; attempt < 3 && answered == null; attempt++) {
        try {
          answered = LoopbackEcho.ask(client, udp.localAddress(), "hello");
        } catch (java.net.SocketTimeoutException e) {
          // a reply later than the reply timeout on a busy machine is dropped: ask again
        }
      }
      assertThat(answered).isIn("a", "b");
      assertThat(health(endpoint).statusCode()).isEqualTo(200);

      a.close();
      b.close(); // from now on every datagram fails: ICMP port unreachable (or a reply timeout)
      byte[] payload = "x".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int sent = 0;
      while (udp.loadBalancer().stats().healthyCount() > 0
          && System.nanoTime() < deadline
          && sent < 2_000) {
        client.send(new java.net.DatagramPacket(payload, 1, udp.localAddress()));
        sent++;
        // Slower than max-pending-per-session (64) requests per reply timeout, so that the
        // session's next datagram always finds its old requests to expire as timeouts.
        Thread.sleep(100);
      }
      assertThat(udp.loadBalancer().stats().healthyCount()).isZero();
      HttpResponse<String> down = health(endpoint);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).isEqualTo("down: 0 of 2 backends healthy\n");
      String scrape =
          HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + endpoint.address().getPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(scrape).contains("fulcrum_lb_backends_ready 0.0");
    }
  }
}
