package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.fulcrumlb.api.Backend;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code fulcrum udp --nomad-service}: backends from a fake Nomad on 127.0.0.1, followed live. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UdpCommandNomadTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicReference<String> registrations = new AtomicReference<>("[]");
  private final AtomicLong index = new AtomicLong(10);
  private HttpServer nomad;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private CommandLine cl;

  @BeforeEach
  void start() throws Exception {
    // Answers at once (no blocking), as Nomad does for an index below its own.
    nomad = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    nomad.createContext(
        "/v1/service/fulcrum-echo",
        ex -> {
          byte[] body = registrations.get().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.getResponseHeaders().set("X-Nomad-Index", Long.toString(index.get()));
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    nomad.start();
    cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
  }

  @AfterEach
  void stop() {
    nomad.stop(0);
    pool.shutdownNow();
  }

  private String nomadUrl() {
    return "http://127.0.0.1:" + nomad.getAddress().getPort();
  }

  private void register(int... ports) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < ports.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append(
              """
              {"Address": "127.0.0.1", "AllocID": "alloc-%d", "CreateIndex": 11,
               "Datacenter": "dc1", "ID": "_nomad-task-alloc-%d-echo-echo-fulcrum-echo-udp",
               "JobID": "fulcrum-echo", "ModifyIndex": 11, "Namespace": "default",
               "NodeID": "node-1", "Port": %d, "ServiceName": "fulcrum-echo", "Tags": ["udp"]}\
              """
                  .formatted(i, i, ports[i]));
    }
    registrations.set(json.append("]").toString());
    index.incrementAndGet();
  }

  private DatagramChannel echo() throws Exception {
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
            return null;
          }
        });
    return ch;
  }

  private static int port(DatagramChannel ch) throws Exception {
    return ((InetSocketAddress) ch.getLocalAddress()).getPort();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what).isTrue();
      Thread.sleep(10);
    }
  }

  private static String roundTrip(int port, String text) throws Exception {
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      client.setSoTimeout(2_000);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      client.send(
          new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
      DatagramPacket reply = new DatagramPacket(new byte[64], 64);
      client.receive(reply);
      return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void followsTheNomadServiceAsInstancesComeAndGo() throws Exception {
    try (DatagramChannel a = echo();
        DatagramChannel b = echo()) {
      register(port(a));
      UdpCommand udp = cl.getSubcommands().get("udp").getCommand();
      Future<Integer> exit =
          pool.submit(
              () ->
                  cl.execute(
                      "udp",
                      "--listen",
                      "127.0.0.1:0",
                      "--nomad-service",
                      "fulcrum-echo",
                      "--nomad-addr",
                      nomadUrl(),
                      "--drain-timeout",
                      "1s"));
      Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
      await(
          "listening; err: " + err,
          () -> listening.matcher(out.toString()).find() || exit.isDone());
      Matcher m = listening.matcher(out.toString());
      assertThat(m.find()).as("started; err: %s", err).isTrue();
      int lbPort = Integer.parseInt(m.group(1));
      assertThat(roundTrip(lbPort, "one")).isEqualTo("one");

      register(port(a), port(b));
      await("both instances are members", () -> udp.balancer().backends().size() == 2);
      register(port(b));
      String onlyB = "127.0.0.1:" + port(b);
      await(
          "only b is a member",
          () ->
              udp.balancer().backends().stream().map(Backend::id).toList().equals(List.of(onlyB)));
      assertThat(udp.balancer().backends().get(0).metadata())
          .containsEntry("nomad.job_id", "fulcrum-echo");
      assertThat(roundTrip(lbPort, "two")).isEqualTo("two");

      udp.requestStop();
      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }
    assertThat(out.toString())
        .contains("waiting for instances of Nomad service fulcrum-echo")
        .contains("Nomad service fulcrum-echo: 2 backends")
        .contains("fulcrum udp: stopped");
  }

  @Test
  void failsWhenTheServiceHasNoInstanceByTheStartupTimeout() {
    int exit =
        cl.execute(
            "udp",
            "--listen",
            "127.0.0.1:0",
            "--nomad-service",
            "fulcrum-echo",
            "--nomad-addr",
            nomadUrl(),
            "--nomad-startup-timeout",
            "1s");
    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("Nomad service fulcrum-echo has no instance after 1s");
  }

  @Test
  void backendsAndNomadServiceAreExclusiveAndOneIsNeeded() {
    assertThat(
            cl.execute(
                "udp",
                "--listen",
                "127.0.0.1:0",
                "--backend",
                "127.0.0.1:9",
                "--nomad-service",
                "fulcrum-echo"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("either --backend or --nomad-service");
    assertThat(cl.execute("udp", "--listen", "127.0.0.1:0")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing backends");
  }
}
