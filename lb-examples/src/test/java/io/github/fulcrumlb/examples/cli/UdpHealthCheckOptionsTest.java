package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.netty.config.ActiveHealthCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UdpHealthCheckOptionsTest {
  private static UdpHealthCheckOptions parse(String... args) {
    UdpCommand udp = new UdpCommand();
    String[] all = new String[args.length + 4];
    all[0] = "--listen";
    all[1] = "127.0.0.1:0";
    all[2] = "--backend";
    all[3] = "127.0.0.1:9";
    System.arraycopy(args, 0, all, 4, args.length);
    new CommandLine(udp).parseArgs(all);
    return udp.healthCheck;
  }

  @Test
  void offWithoutAPayload() {
    assertThat(parse().activeHealthCheck()).isEmpty();
  }

  @Test
  void flagsBecomeTheCheck() {
    ActiveHealthCheck check =
        parse(
                "--health-check-payload",
                "hex:0a0B",
                "--health-check-expect",
                "ok",
                "--health-check-match",
                "exact",
                "--health-check-interval",
                "2s",
                "--health-check-timeout",
                "250ms",
                "--health-check-rise",
                "4",
                "--health-check-fall",
                "5")
            .activeHealthCheck()
            .orElseThrow();
    assertThat(check.payload()).containsExactly(0x0a, 0x0b);
    assertThat(check.expected()).isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
    assertThat(check.match()).isEqualTo(ActiveHealthCheck.Match.EXACT);
    assertThat(check.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(check.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(check.rise()).isEqualTo(4);
    assertThat(check.fall()).isEqualTo(5);
  }

  @Test
  void badValuesAreOneLineErrorsNamingTheFlag() {
    assertThatThrownBy(() -> parse("--health-check-payload", "hex:0a0").activeHealthCheck())
        .hasMessageContaining("--health-check-payload")
        .hasMessageContaining("hex:0a0");
    assertThatThrownBy(
            () ->
                parse("--health-check-payload", "p", "--health-check-match", "fuzzy")
                    .activeHealthCheck())
        .hasMessage("--health-check-match must be prefix or exact but was \"fuzzy\"");
    assertThatThrownBy(() -> parse("--health-check-expect", "ok").activeHealthCheck())
        .hasMessageContaining("--health-check-expect needs --health-check-payload");
    assertThatThrownBy(
            () ->
                parse("--health-check-payload", "p", "--health-check-fall", "0")
                    .activeHealthCheck())
        .hasMessage("--health-check-fall must be in [1, 100] but was 0");
    assertThatThrownBy(
            () ->
                parse("--health-check-payload", "p", "--health-check-interval", "soon")
                    .activeHealthCheck())
        .hasMessageContaining("--health-check-interval");
  }
}
