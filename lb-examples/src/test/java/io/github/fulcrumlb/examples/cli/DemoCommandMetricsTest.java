package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code fulcrum demo --metrics-listen}: the running demo's balancer, scraped over HTTP. */
class DemoCommandMetricsTest {

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void runningDemoIsScrapedWithItsStrategyTag() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    DemoCommand demo = cl.getSubcommands().get("demo").getCommand();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit =
          pool.submit(
              () ->
                  cl.execute(
                      "demo",
                      "--seconds",
                      "300",
                      "--plain",
                      "--rate",
                      "200",
                      "--strategy",
                      "p2c",
                      "--refresh",
                      "200ms",
                      "--warmup",
                      "0",
                      "--metrics-listen",
                      "127.0.0.1:0"));
      Pattern at = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      Matcher m = at.matcher(out.toString());
      while (!m.find() || !out.toString().contains("fulcrum demo  p2c")) {
        assertThat(System.nanoTime() < deadline).as("started: %s", out).isTrue();
        Thread.sleep(50); // polling the output with a deadline
        m = at.matcher(out.toString());
      }
      InetSocketAddress http = new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
      String requests = "direction=\"request\",strategy=\"p2c\"";
      double forwarded = 0;
      while (forwarded <= 0 && System.nanoTime() < deadline) {
        forwarded =
            UdpCommandMetricsTest.series(
                UdpCommandMetricsTest.get(http, "/metrics").body(),
                "fulcrum_udp_datagrams_total",
                requests);
        Thread.sleep(50); // polling the scrape with a deadline
      }
      assertThat(forwarded).isPositive();
      String scrape = UdpCommandMetricsTest.get(http, "/metrics").body();
      assertThat(scrape)
          .containsPattern(
              "fulcrum_lb_request_latency_seconds_count\\{backend=\"backend-0\",strategy=\"p2c\"}"
                  + " \\d+");
      assertThat(UdpCommandMetricsTest.get(http, "/health").statusCode()).isEqualTo(200);
      demo.requestStop();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
