package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

class UdpCommandTest {

  /** A loopback echo server on its own thread until its channel is closed. */
  private static DatagramChannel echo(ExecutorService pool) throws Exception {
    DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    pool.submit(
        () -> {
          ByteBuffer buf = ByteBuffer.allocate(2048);
          try {
            while (true) {
              buf.clear();
              SocketAddress from = ch.receive(buf);
              buf.flip();
              ch.send(buf, from);
            }
          } catch (Exception e) {
            return null; // closed
          }
        });
    return ch;
  }

  private static int port(DatagramChannel ch) throws Exception {
    return ((InetSocketAddress) ch.getLocalAddress()).getPort();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void relaysRepliesUntilStoppedThenPrintsCounters() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (DatagramChannel a = echo(pool);
        DatagramChannel b = echo(pool)) {
      UdpRun run =
          UdpRun.onLoopback(
              pool,
              out,
              err,
              "127.0.0.1:" + port(a) + ",127.0.0.1:" + port(b),
              "--strategy",
              "peak-ewma",
              "--event-loops",
              "2",
              "--drain-timeout",
              "1s");
      UdpCommand udp = run.udp();
      Future<Integer> exit = run.exit();
      Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
      int port = CliOutput.awaitPort(out, err, listening, Duration.ofSeconds(20), exit);
      try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
        client.setSoTimeout(2_000);
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        client.send(
            new DatagramPacket(hello, hello.length, new InetSocketAddress("127.0.0.1", port)));
        DatagramPacket reply = new DatagramPacket(new byte[64], 64);
        client.receive(reply);
        assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
            .isEqualTo("hello");
      }
      udp.requestStop();
      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    } finally {
      pool.shutdownNow();
    }
    assertThat(out.toString())
        .contains("strategy peak-ewma")
        .contains("fulcrum udp: stopped")
        .containsPattern("all\\s+requests 1 \\(5 B\\), replies 1 \\(5 B\\)");
  }

  @Test
  void badBackendIsAOneLineError() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute("udp", "--listen", "127.0.0.1:0", "--backend", "no-such-host.invalid:53");
    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("cannot resolve host \"no-such-host.invalid\"");
  }

  @Test
  void badInfluxUrlIsAOneLineError() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit =
        cl.execute(
            "udp",
            "--listen",
            "127.0.0.1:0",
            "--backend",
            "127.0.0.1:5301",
            "--influx",
            "influx.example.com:8086");
    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString().strip())
        .startsWith("fulcrum udp: --influx: InfluxDB url must be http(s)://host[:port]")
        .doesNotContain("\n");
    assertThat(out.toString()).doesNotContain("listening");
  }

  /**
   * {@code --influx} with a user: the balancer runs, the source queries the given URL and database
   * with the credentials, and the password appears in no output. The server only records requests
   * (no InfluxDB here), so every read fails, which the exit summary reports.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void influxOptionsReachTheServerAndThePasswordIsNeverPrinted() throws Exception {
    BlockingQueue<String> queries = new LinkedBlockingQueue<>();
    HttpServer influx = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    influx.createContext(
        "/",
        ex -> {
          queries.add(ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
          ex.sendResponseHeaders(500, -1);
          ex.close();
        });
    influx.start();
    ExecutorService pool = Executors.newCachedThreadPool();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String password = "pa55-never-printed";
    try (DatagramChannel a = echo(pool)) {
      UdpRun run =
          UdpRun.onLoopback(
              pool,
              out,
              err,
              "127.0.0.1:" + port(a),
              "--strategy",
              "least-load",
              "--event-loops",
              "1",
              "--drain-timeout",
              "1s",
              "--influx",
              "http://127.0.0.1:" + influx.getAddress().getPort(),
              "--influx-db",
              "metrics",
              "--influx-user",
              "fulcrum",
              "--influx-password",
              password,
              "--influx-interval",
              "200ms");
      UdpCommand udp = run.udp();
      Future<Integer> exit = run.exit();
      String query = queries.poll(20, TimeUnit.SECONDS);
      assertThat(query).as("a query reached the server; err: %s", err).isNotNull();
      String basic =
          Base64.getEncoder()
              .encodeToString(("fulcrum:" + password).getBytes(StandardCharsets.UTF_8));
      assertThat(query).startsWith("/query?db=metrics").endsWith(" Basic " + basic);
      // Reads are serial: once the second arrives, the first one's failure is in the status.
      assertThat(queries.poll(10, TimeUnit.SECONDS)).as("a second query").isNotNull();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!out.toString().contains("host metrics from InfluxDB")) {
        assertThat(System.nanoTime() < deadline).as("banner printed; err: %s", err).isTrue();
        assertThat(exit.isDone()).as("exited early; err: %s", err).isFalse();
        Thread.sleep(10);
      }
      udp.requestStop();
      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    } finally {
      pool.shutdownNow();
      influx.stop(0);
    }
    assertThat(out.toString())
        .contains(
            "host metrics from InfluxDB http://127.0.0.1:",
            "database metrics",
            "credentials user(fulcrum, password=****)",
            "every 200ms")
        .containsPattern(
            "influx metrics: 0 reads, [1-9]\\d* failed, 0 hosts with data, last error");
    assertThat(out.toString() + err).doesNotContain(password);
  }
}
