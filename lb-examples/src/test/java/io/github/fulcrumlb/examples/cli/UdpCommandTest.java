package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

class UdpCommandTest {

  /** A loopback echo server on its own thread until its channel is closed. */
  private static DatagramChannel echo(ExecutorService pool) throws Exception {
    DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    pool.submit(() -> {
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
    try (DatagramChannel a = echo(pool); DatagramChannel b = echo(pool)) {
      CommandLine cl = FulcrumCli.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      UdpCommand udp = cl.getSubcommands().get("udp").getCommand();
      Future<Integer> exit = pool.submit(() -> cl.execute("udp", "--listen", "127.0.0.1:0",
          "--backend", "127.0.0.1:" + port(a) + ",127.0.0.1:" + port(b),
          "--strategy", "peak-ewma", "--event-loops", "2", "--drain-timeout", "1s"));
      Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Matcher m = listening.matcher("");
      while (!(m = listening.matcher(out.toString())).find()) {
        assertThat(System.nanoTime() < deadline).as("started; err: %s", err).isTrue();
        assertThat(exit.isDone()).as("exited early; err: %s", err).isFalse();
        Thread.sleep(10);
      }
      int port = Integer.parseInt(m.group(1));
      try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
        client.setSoTimeout(2_000);
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(hello, hello.length, new InetSocketAddress("127.0.0.1", port)));
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
}
