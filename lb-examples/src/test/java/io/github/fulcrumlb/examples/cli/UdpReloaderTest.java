package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.github.fulcrumlb.rl.serving.RlStrategy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link UdpReloader} against a real UDP balancer on loopback (no traffic needed). */
class UdpReloaderTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicInteger strategyChanges = new AtomicInteger();

  private UdpReloader reloader(Path file, UdpBalancer udp, Set<String> flags) {
    return new UdpReloader(
        UdpConfigFile.read(file),
        new UdpReloader.Fallback(flags, List.of(), "p2c", Map.of(), "1s", "30s", false, null),
        udp,
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        s -> strategyChanges.incrementAndGet());
  }

  private static UdpBalancer start(String strategy, String... backends) {
    return UdpBalancer.start(
        UdpBalancerConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .backends(java.util.Arrays.stream(backends).map(Backend::parse).toList())
            .strategy(strategy)
            .eventLoops(1)
            .replyTimeout(Duration.ofSeconds(2))
            .build());
  }

  @Test
  void anOptionTheFileStopsSettingReturnsToItsDefaultAndRestartOnlyChangesAreReported()
      throws Exception {
    Path file = dir.resolve("udp.yaml");
    Files.writeString(
        file,
        "backends: [127.0.0.1:5301]\nstrategy: round-robin\n"
            + "reply-timeout: 2s\nevent-loops: 1\n");
    try (UdpBalancer udp = start("round-robin", "127.0.0.1:5301")) {
      UdpReloader reloader = reloader(file, udp, Set.of());
      Files.writeString(file, "backends: [127.0.0.1:5301, 127.0.0.1:5302]\nevent-loops: 2\n");

      assertThat(reloader.reload()).isTrue();

      assertThat(udp.strategy().name()).isEqualTo("p2c");
      assertThat(strategyChanges).hasValue(1);
      assertThat(reloader.replyTimeout()).isEqualTo(Duration.ofSeconds(1));
      assertThat(udp.backends())
          .extracting(Backend::id)
          .containsExactly("127.0.0.1:5301", "127.0.0.1:5302");
      assertThat(out.toString())
          .contains(
              "+127.0.0.1:5302",
              "strategy p2c",
              "event-loops changed but needs a restart: not applied");
    }
  }

  @Test
  void flagsKeepTheirValueWhateverTheFileSays() throws Exception {
    Path file = dir.resolve("udp.yaml");
    Files.writeString(file, "backends: [127.0.0.1:5301]\n");
    try (UdpBalancer udp = start("p2c", "127.0.0.1:5301")) {
      UdpReloader reloader = reloader(file, udp, Set.of("strategy"));
      Files.writeString(file, "backends: [127.0.0.1:5301]\nstrategy: round-robin\n");
      assertThat(reloader.reload()).isTrue();
      assertThat(udp.strategy().name()).isEqualTo("p2c");
      assertThat(strategyChanges).hasValue(0);
    }
  }

  @Test
  void anUnknownStrategyOrAnUnresolvableHostChangesNothing() throws Exception {
    Path file = dir.resolve("udp.yaml");
    Files.writeString(file, "backends: [127.0.0.1:5301]\n");
    try (UdpBalancer udp = start("p2c", "127.0.0.1:5301")) {
      UdpReloader reloader = reloader(file, udp, Set.of());

      Files.writeString(file, "backends: [127.0.0.1:5302]\nstrategy: fastest\n");
      assertThat(reloader.reload()).isFalse();
      Files.writeString(file, "backends: [127.0.0.1:5301, no-such-host.invalid:53]\n");
      assertThat(reloader.reload()).isFalse();

      assertThat(udp.backends()).extracting(Backend::id).containsExactly("127.0.0.1:5301");
      assertThat(udp.strategy().name()).isEqualTo("p2c");
      String[] lines = err.toString().strip().split("\n");
      assertThat(lines).hasSize(2);
      assertThat(lines[0])
          .startsWith(
              "fulcrum udp: reload rejected, running configuration kept:"
                  + " --config "
                  + file
                  + ": field strategy = \"fastest\"");
      assertThat(lines[1])
          .endsWith(
              "field backends = \"no-such-host.invalid:53\": host"
                  + " no-such-host.invalid does not resolve: fix the name or use an IP address");
    }
  }

  @Test
  void withRlStateTheOldStrategySavesBeforeTheNewOneResumesAndRlMustStay() throws Exception {
    Path state = dir.resolve("rl.state");
    Path file = dir.resolve("udp.yaml");
    Files.writeString(file, "backends: [127.0.0.1:5301, 127.0.0.1:5302]\nstrategy: rl\n");
    Map<String, String> options = RlStateFlag.merge("rl", Map.of(), state);
    try (UdpBalancer udp =
        UdpBalancer.start(
            UdpBalancerConfig.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .backends(List.of(Backend.parse("127.0.0.1:5301"), Backend.parse("127.0.0.1:5302")))
                .strategy("rl")
                .strategyOptions(options)
                .eventLoops(1)
                .build())) {
      UdpReloader reloader =
          new UdpReloader(
              UdpConfigFile.read(file),
              new UdpReloader.Fallback(
                  Set.of(), List.of(), "p2c", Map.of(), "1s", "30s", false, state),
              udp,
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              s -> strategyChanges.incrementAndGet());
      Files.deleteIfExists(state); // the learner may have saved on a first step already

      Files.writeString(
          file,
          "backends: [127.0.0.1:5301, 127.0.0.1:5302]\nstrategy: rl\nstrategy-options: {scan: 8}\n");
      assertThat(reloader.reload()).as("err: %s", err).isTrue();

      assertThat(strategyChanges).hasValue(1);
      assertThat(state).as("the old strategy saved on its way out").exists();
      RlStrategy next = (RlStrategy) udp.strategy();
      assertThat(next.stats().online().stateFile()).isEqualTo("resumed from " + state);

      Files.writeString(file, "backends: [127.0.0.1:5301, 127.0.0.1:5302]\nstrategy: p2c\n");
      assertThat(reloader.reload()).isFalse();
      assertThat(udp.strategy()).isSameAs(next);
      assertThat(err.toString()).contains("needs --strategy rl but the strategy is p2c");
    }
  }
}
