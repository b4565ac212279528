package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fulcrum udp --config FILE} in a child JVM, reconfigured by a real SIGHUP ({@code kill
 * -HUP}): a changed file brings a new backend to new sessions while an established session keeps
 * its backend; a broken file changes nothing and says why.
 */
class UdpConfigReloadTest {
  @TempDir Path dir;

  /** Lines the child prints (stdout and stderr merged), read on a daemon thread. */
  private static BlockingQueue<String> lines(Process p) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the child is gone
              }
            },
            "child-output");
    t.setDaemon(true);
    t.start();
    return lines;
  }

  /** The first line matching {@code pattern} within 30 s, collecting what came before in seen. */
  private static Matcher await(BlockingQueue<String> lines, Pattern pattern, List<String> seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      seen.add(line);
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return m;
      }
    }
    throw new AssertionError("no line matching " + pattern + " in 30 s; output: " + seen);
  }

  private static void hangup(Process p) throws Exception {
    // The shell's kill builtin: no dependency on procps' /usr/bin/kill.
    Process kill =
        new ProcessBuilder("sh", "-c", "kill -HUP \"$1\"", "sh", Long.toString(p.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  /** Who answers each of {@code n} new client sessions. */
  private static Set<String> newSessions(InetSocketAddress balancer, int n) throws IOException {
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < n; i++) {
      try (DatagramSocket c = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
        c.setSoTimeout(10_000);
        answered.add(LoopbackEcho.ask(c, balancer, "new " + i));
      }
    }
    return answered;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void sighupAppliesAChangedFileAndKeepsTheRunningConfigOnABrokenOne() throws Exception {
    try (LoopbackEcho a = LoopbackEcho.start("a");
        LoopbackEcho b = LoopbackEcho.start("b")) {
      Path config = dir.resolve("fulcrum-udp.yaml");
      Files.writeString(
          config,
          "listen: 127.0.0.1:0\nbackends: ["
              + a.address()
              + "]\n"
              + "strategy: p2c\nreply-timeout: 5s\nevent-loops: 1\n");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // env --default-signal=HUP: a build started under nohup passes SIGHUP down as ignored, and
      // a JVM leaves an inherited ignored SIGHUP ignored.
      ProcessBuilder pb =
          new ProcessBuilder(
              "env",
              "--default-signal=HUP",
              java,
              "-Dai.djl.offline=true",
              "-Xmx256m",
              "-cp",
              System.getProperty("java.class.path"),
              FulcrumCli.class.getName(),
              "udp",
              "--config",
              config.toString(),
              "--drain-timeout",
              "1s");
      pb.environment().put("OPT_OUT_TRACKING", "true");
      pb.redirectErrorStream(true);
      Process child = pb.start();
      List<String> seen = new ArrayList<>();
      try {
        BlockingQueue<String> lines = lines(child);
        await(lines, Pattern.compile("re-read on SIGHUP"), seen); // printed as the balancer runs
        Matcher listening =
            await(lines, Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)"), seen);
        InetSocketAddress balancer =
            new InetSocketAddress("127.0.0.1", Integer.parseInt(listening.group(1)));

        try (DatagramSocket old = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
          old.setSoTimeout(10_000);
          assertThat(LoopbackEcho.ask(old, balancer, "old 0")).isEqualTo("a");

          Files.writeString(
              config,
              "listen: 127.0.0.1:0\nbackends: ["
                  + a.address()
                  + ", "
                  + b.address()
                  + "]\nstrategy: round-robin\nreply-timeout: 6s\nevent-loops: 1\n");
          hangup(child);
          Matcher reloaded = await(lines, Pattern.compile("reloaded .*"), seen);
          assertThat(reloaded.group())
              .contains("+" + b.address())
              .contains("strategy round-robin")
              .contains("reply-timeout PT6S");

          assertThat(newSessions(balancer, 4)).contains("b");
          for (int i = 1; i <= 5; i++) {
            assertThat(LoopbackEcho.ask(old, balancer, "old " + i)).isEqualTo("a");
          }

          Files.writeString(config, "backends: [" + b.address() + "]\nreply-timeout: soon\n");
          hangup(child);
          Matcher rejected = await(lines, Pattern.compile("reload rejected.*"), seen);
          assertThat(rejected.group())
              .isEqualTo(
                  "reload rejected, running configuration kept: --config "
                      + config
                      + ": field reply-timeout = \"soon\" is not a duration: write e.g. 250ms, 10s"
                      + " or 2m");
          assertThat(newSessions(balancer, 4)).containsExactlyInAnyOrder("a", "b");
          assertThat(LoopbackEcho.ask(old, balancer, "old 6")).isEqualTo("a");
        }
      } finally {
        child.destroy(); // SIGTERM: the balancer drains and exits
        if (!child.waitFor(20, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      }
    }
  }
}
