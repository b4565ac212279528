package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.core.BackendStats;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code fulcrum udp --metrics-listen}: a real balancer, real UDP traffic, a real HTTP scrape. */
class UdpCommandMetricsTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static HttpResponse<String> get(InetSocketAddress server, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the one series {@code name{labels}} in a scrape, or NaN if absent. */
  static double series(String scrape, String name, String labels) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$")
            .matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void scrapeShowsPerBackendSeriesEqualToTheBalancersStats() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (LoopbackEcho a = LoopbackEcho.start("a");
        LoopbackEcho b = LoopbackEcho.start("b")) {
      UdpRun run =
          UdpRun.onLoopback(
              pool,
              out,
              err,
              a.address() + "," + b.address(),
              "--strategy",
              "round-robin",
              "--event-loops",
              "1",
              "--drain-timeout",
              "1s",
              "--metrics-listen",
              "127.0.0.1:0",
              "--reply-timeout",
              "5s"); // a busy machine can take long to answer
      UdpCommand udp = run.udp();
      Future<Integer> exit = run.exit();
      Pattern ready = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
      InetSocketAddress http =
          new InetSocketAddress(
              "127.0.0.1", CliOutput.awaitPort(out, err, ready, Duration.ofSeconds(30), exit));
      UdpBalancer balancer = udp.balancer();
      for (int client = 0; client < 4; client++) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
          socket.setSoTimeout(10_000);
          for (int i = 0; i < 3; i++) {
            LoopbackEcho.ask(socket, balancer.localAddress(), "datagram " + i);
          }
        }
      }
      long requests = balancer.stats().total().requests();
      assertThat(requests).isEqualTo(12);
      // A scrape reads one stats snapshot at most 20 ms old: scrape until it shows the traffic.
      String scrape = get(http, "/metrics").body();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (series(scrape, "fulcrum_udp_datagrams_total", "direction=\"request\"") != requests
          && System.nanoTime() < until) {
        Thread.sleep(5);
        scrape = get(http, "/metrics").body();
      }
      for (TrafficStats t : balancer.stats().backends()) {
        String backend = "backend=\"" + t.name() + "\"";
        assertThat(
                series(
                    scrape,
                    "fulcrum_udp_backend_datagrams_total",
                    backend + ",direction=\"request\""))
            .isEqualTo(t.requests())
            .isPositive();
        assertThat(
                series(scrape, "fulcrum_udp_backend_bytes_total", backend + ",direction=\"reply\""))
            .isEqualTo(t.replyBytes());
        assertThat(series(scrape, "fulcrum_udp_backend_sessions_opened_total", backend))
            .isEqualTo(t.sessionsOpened());
      }
      for (BackendStats s : balancer.loadBalancer().stats().backends()) {
        String backend = "backend=\"" + s.id() + "\"";
        assertThat(series(scrape, "fulcrum_lb_requests_total", backend + ",outcome=\"success\""))
            .isEqualTo(s.completed() - s.failed())
            .isPositive();
        assertThat(series(scrape, "fulcrum_lb_request_latency_seconds_count", backend))
            .isEqualTo(s.completed());
      }
      assertThat(series(scrape, "fulcrum_lb_backends_ready", "")).isNaN(); // no tags: no braces
      assertThat(scrape).contains("fulcrum_lb_backends_ready 2.0");
      HttpResponse<String> health = get(http, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).startsWith("up: 2 of 2 backends healthy");
      udp.requestStop();
      assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
