package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.rl.model.ModelFile;
import io.github.fulcrumlb.rl.online.OnlineState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fulcrum udp --strategy rl --rl-state FILE}: the learner's state is saved when the command
 * stops and resumed from at the next start; a corrupt file is reported and replaced, and the
 * balancer relays all the same; contradictory flags are usage errors.
 */
class UdpRlStateTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** A started command, its exit and its listening port. */
  private record Running(UdpCommand udp, Future<Integer> exit, int port) {}

  private Running start(ExecutorService pool, Path state, String... backends) throws Exception {
    UdpRun run =
        UdpRun.onLoopback(
            pool,
            out,
            err,
            String.join(",", backends),
            "--strategy",
            "rl",
            "--rl-state",
            state.toString(),
            "--per-datagram",
            "--event-loops",
            "1",
            "--drain-timeout",
            "1s");
    UdpCommand udp = run.udp();
    Future<Integer> exit = run.exit();
    Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    return new Running(
        udp, exit, CliOutput.awaitPort(out, err, listening, Duration.ofSeconds(30), exit));
  }

  /** Sends {@code n} datagrams one at a time and returns who answered. */
  private static Set<String> relay(int port, int n) throws Exception {
    Set<String> answered = new HashSet<>();
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      client.setSoTimeout(5_000);
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
      for (int i = 0; i < n; i++) {
        answered.add(LoopbackEcho.ask(client, to, "d" + i));
      }
    }
    return answered;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void stateIsSavedOnStopAndResumedFromAtTheNextStart() throws Exception {
    Path state = dir.resolve("rl.state");
    ExecutorService pool = Executors.newCachedThreadPool();
    try (LoopbackEcho a = LoopbackEcho.start("a");
        LoopbackEcho b = LoopbackEcho.start("b")) {
      Running first = start(pool, state, a.address(), b.address());
      assertThat(relay(first.port(), 200)).isNotEmpty();
      // The learner also saves on its first step: only the save at stop can bring the file back.
      Files.deleteIfExists(state);
      first.udp().requestStop();
      assertThat(first.exit().get(20, TimeUnit.SECONDS)).isZero();

      assertThat(out.toString())
          .contains("rl online learning on, state new " + state)
          .contains("saved the rl learner's state");
      assertThat(state).exists();
      OnlineState saved = OnlineState.read(state);
      assertThat(saved.modelFingerprint()).isEqualTo(ModelFile.readDefault().fingerprint());

      out.getBuffer().setLength(0);
      Running second = start(pool, state, a.address(), b.address());
      assertThat(relay(second.port(), 20)).isNotEmpty();
      second.udp().requestStop();
      assertThat(second.exit().get(20, TimeUnit.SECONDS)).isZero();
      assertThat(out.toString()).contains("rl online learning on, state resumed from " + state);
      assertThat(OnlineState.read(state).steps()).isGreaterThanOrEqualTo(saved.steps());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aCorruptStateFileIsReportedAndReplacedAndTheBalancerRelays() throws Exception {
    Path state = dir.resolve("rl.state");
    String corrupt = "format=fulcrum-rl-online-1\nbackend.x=1.0\ncrc32=00000000\n";
    Files.writeString(state, corrupt, StandardCharsets.UTF_8);
    ExecutorService pool = Executors.newCachedThreadPool();
    try (LoopbackEcho a = LoopbackEcho.start("a");
        LoopbackEcho b = LoopbackEcho.start("b")) {
      Running run = start(pool, state, a.address(), b.address());
      assertThat(relay(run.port(), 50)).isNotEmpty();
      run.udp().requestStop();
      assertThat(run.exit().get(20, TimeUnit.SECONDS)).isZero();
    } finally {
      pool.shutdownNow();
    }
    assertThat(out.toString())
        .containsPattern("rl online learning on, state ignored .*rl\\.state is corrupt")
        .containsPattern("all\\s+requests 50 \\(\\d+ B\\), replies 50");
    assertThat(OnlineState.read(state).modelFingerprint())
        .as("replaced by a good file at stop")
        .isEqualTo(ModelFile.readDefault().fingerprint());
    try (var files = Files.list(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("rl.state.rejected-")))
          .as("the corrupt file is kept aside, not overwritten")
          .singleElement()
          .satisfies(p -> assertThat(p).hasContent(corrupt));
    }
  }

  private int usage(String... args) {
    CommandLine cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void rlStateWithAnotherStrategyOrWithOnlineFalseIsAUsageError() {
    String state = dir.resolve("rl.state").toString();
    List<String> common =
        List.of(
            "udp", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:5301", "--rl-state", state);

    int p2c =
        usage(
            java.util.stream.Stream.concat(
                    common.stream(), java.util.stream.Stream.of("--strategy", "p2c"))
                .toArray(String[]::new));
    assertThat(p2c).isEqualTo(2);
    assertThat(err.toString()).contains("--rl-state " + state + " needs --strategy rl");

    err.getBuffer().setLength(0);
    int offline =
        usage(
            java.util.stream.Stream.concat(
                    common.stream(),
                    java.util.stream.Stream.of(
                        "--strategy", "rl", "--strategy-option", "online=false"))
                .toArray(String[]::new));
    assertThat(offline).isEqualTo(2);
    assertThat(err.toString()).contains("online=false is not true");
    assertThat(out.toString()).doesNotContain("listening");
  }
}
