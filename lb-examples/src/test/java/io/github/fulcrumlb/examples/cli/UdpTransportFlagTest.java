package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.channel.uring.IoUring;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code fulcrum udp --transport}: the choices, and a one-line error for anything else. */
class UdpTransportFlagTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine cli() {
    CommandLine cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl;
  }

  @Test
  void unknownTransportIsAOneLineErrorNamingTheChoices() {
    int exit =
        cli()
            .execute(
                "udp",
                "--listen",
                "127.0.0.1:0",
                "--backend",
                "127.0.0.1:5301",
                "--transport",
                "dpdk");
    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString().strip())
        .isEqualTo(
            "fulcrum udp: --transport must be auto, epoll, io_uring or nio but was \"dpdk\"");
    assertThat(out.toString()).doesNotContain("listening");
  }

  @Test
  void nioFlagContradictingTransportIsAOneLineError() {
    int exit =
        cli()
            .execute(
                "udp",
                "--listen",
                "127.0.0.1:0",
                "--backend",
                "127.0.0.1:5301",
                "--transport",
                "epoll",
                "--nio");
    assertThat(exit).isEqualTo(FulcrumCli.EXIT_FAILURE);
    assertThat(err.toString().strip())
        .isEqualTo("fulcrum udp: --nio contradicts --transport epoll: give only one of them");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void ioUringTransportRelaysAndSaysSo() throws Exception {
    assumeThat(IoUring.isAvailable()).as("io_uring available here").isTrue();
    ExecutorService pool = Executors.newCachedThreadPool();
    try (DatagramChannel backend =
        DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      pool.submit(
          () -> {
            ByteBuffer buf = ByteBuffer.allocate(2048);
            try {
              while (true) {
                buf.clear();
                SocketAddress from = backend.receive(buf);
                buf.flip();
                backend.send(buf, from);
              }
            } catch (Exception e) {
              return null; // closed
            }
          });
      int backendPort = ((InetSocketAddress) backend.getLocalAddress()).getPort();
      UdpRun run =
          UdpRun.onLoopback(
              pool,
              out,
              err,
              "127.0.0.1:" + backendPort,
              "--transport",
              "io_uring",
              "--event-loops",
              "1",
              "--drain-timeout",
              "1s");
      UdpCommand udp = run.udp();
      Future<Integer> exit = run.exit();
      Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(io_uring");
      int port = CliOutput.awaitPort(out, err, listening, Duration.ofSeconds(20), exit);
      try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
        client.setSoTimeout(5_000);
        byte[] hello = "hello over io_uring".getBytes(StandardCharsets.UTF_8);
        client.send(
            new DatagramPacket(hello, hello.length, new InetSocketAddress("127.0.0.1", port)));
        DatagramPacket reply = new DatagramPacket(new byte[64], 64);
        client.receive(reply);
        assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
            .isEqualTo("hello over io_uring");
      }
      udp.requestStop();
      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
