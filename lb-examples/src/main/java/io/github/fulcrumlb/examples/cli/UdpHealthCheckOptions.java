package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.netty.config.ActiveHealthCheck;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code fulcrum udp} flags of active health checks: off unless {@code --health-check-payload}
 * is given. Payloads and expected replies are UTF-8 text, or bytes written {@code hex:0a1b...}.
 *
 * <pre>{@code
 * ./fulcrum udp ... --health-check-payload ping --health-check-expect pong --health-check-interval 2s
 * ./fulcrum udp ... --health-check-payload hex:00010000000100000000000004706f6e670000010001 \
 *     --health-check-expect hex:0001 --health-check-match prefix
 * }</pre>
 */
final class UdpHealthCheckOptions {
  @Option(
      names = "--health-check-payload",
      paramLabel = "DATA",
      description =
          "Turn on active health checks: send this datagram to every backend"
              + " (UTF-8 text, or hex:0a1b...).")
  String payload;

  @Option(
      names = "--health-check-expect",
      paramLabel = "DATA",
      description = "The reply of a healthy backend (text or hex:...). Default: any reply.")
  String expect;

  @Option(
      names = "--health-check-match",
      defaultValue = "prefix",
      paramLabel = "prefix|exact",
      description =
          "Compare replies with --health-check-expect by prefix or exactly."
              + " Default: ${DEFAULT-VALUE}.")
  String match;

  @Option(
      names = "--health-check-interval",
      defaultValue = "5s",
      paramLabel = "DURATION",
      description = "Time between probes of a backend. Default: ${DEFAULT-VALUE}.")
  String interval;

  @Option(
      names = "--health-check-timeout",
      defaultValue = "1s",
      paramLabel = "DURATION",
      description = "A probe without a good reply by then has failed. Default: ${DEFAULT-VALUE}.")
  String timeout;

  @Option(
      names = "--health-check-rise",
      defaultValue = "2",
      paramLabel = "N",
      description = "Good probes in a row to readmit a backend. Default: ${DEFAULT-VALUE}.")
  int rise;

  @Option(
      names = "--health-check-fall",
      defaultValue = "3",
      paramLabel = "N",
      description =
          "Failed probes in a row to take a backend out of new sessions."
              + " Default: ${DEFAULT-VALUE}.")
  int fall;

  /**
   * The check the flags describe, or empty without {@code --health-check-payload}.
   *
   * @throws IllegalArgumentException naming the flag, for a malformed value or a check flag given
   *     without a payload
   */
  Optional<ActiveHealthCheck> activeHealthCheck() {
    if (payload == null) {
      if (expect != null) {
        throw new IllegalArgumentException(
            "--health-check-expect needs --health-check-payload (the probe to send)");
      }
      return Optional.empty();
    }
    ActiveHealthCheck.Match m =
        switch (match.trim().toLowerCase(Locale.ROOT)) {
          case "prefix" -> ActiveHealthCheck.Match.PREFIX;
          case "exact" -> ActiveHealthCheck.Match.EXACT;
          default ->
              throw new IllegalArgumentException(
                  "--health-check-match must be prefix or exact but was \"" + match + "\"");
        };
    ActiveHealthCheck.Builder b =
        ActiveHealthCheck.builder(bytes("--health-check-payload", payload))
            .interval(UdpCommand.duration("--health-check-interval", interval))
            .timeout(UdpCommand.duration("--health-check-timeout", timeout))
            .rise(count("--health-check-rise", rise))
            .fall(count("--health-check-fall", fall));
    if (expect != null) {
      b.expected(bytes("--health-check-expect", expect), m);
    } else if (m == ActiveHealthCheck.Match.EXACT) {
      throw new IllegalArgumentException(
          "--health-check-match exact needs --health-check-expect (the exact reply)");
    }
    return Optional.of(b.build());
  }

  private static int count(String flag, int value) {
    if (value < 1 || value > 100) {
      throw new IllegalArgumentException(flag + " must be in [1, 100] but was " + value);
    }
    return value;
  }

  /** UTF-8 text, or {@code hex:} followed by an even number of hex digits. */
  static byte[] bytes(String flag, String value) {
    if (!value.regionMatches(true, 0, "hex:", 0, 4)) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return HexFormat.of().parseHex(value.substring(4));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          flag
              + " must be text or hex: with an even number of hex"
              + " digits (e.g. hex:0a1b) but was \""
              + value
              + "\"");
    }
  }
}
