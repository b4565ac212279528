package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.influx.InfluxConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class InfluxMetricsOptionsTest {

  /** The udp command's --influx* options as parsed from {@code args}, with this environment. */
  private static InfluxMetricsOptions parse(Map<String, String> env, String... args) {
    CommandLine cl = FulcrumCli.commandLine();
    String[] all =
        Stream.concat(
                Stream.of("udp", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:5301"),
                Stream.of(args))
            .toArray(String[]::new);
    cl.parseArgs(all);
    UdpCommand udp = cl.getSubcommands().get("udp").getCommand();
    udp.influx.env = env::get;
    return udp.influx;
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withoutInfluxThereIsNoSource() {
    InfluxMetricsOptions o = parse(Map.of(InfluxMetricsOptions.TOKEN_ENV, "ignored"));
    assertThat(o.enabled()).isFalse();
    assertThat(o.connection()).isEmpty();
  }

  @Test
  void defaultsAreDatabaseTelegrafNoCredentialsEveryFiveSeconds() {
    InfluxMetricsOptions o = parse(Map.of(), "--influx", "http://127.0.0.1:8086");
    InfluxConnection c = o.connection().orElseThrow();
    assertThat(c.url()).isEqualTo("http://127.0.0.1:8086");
    assertThat(c.database()).isEqualTo("telegraf");
    assertThat(c.credentials().authorizationHeader()).isEmpty();
    assertThat(o.refreshInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.describe(c))
        .isEqualTo(
            "host metrics from InfluxDB http://127.0.0.1:8086 database"
                + " telegraf, credentials none, every 5s, host tag = backend host");
  }

  @Test
  void userWithPasswordFromTheEnvironmentAndTheOtherOptions() {
    InfluxMetricsOptions o =
        parse(
            Map.of(InfluxMetricsOptions.PASSWORD_ENV, "s3cret"),
            "--influx",
            "https://influx.example.com:8086",
            "--influx-db",
            "metrics",
            "--influx-user",
            "fulcrum",
            "--influx-interval",
            "250ms");
    InfluxConnection c = o.connection().orElseThrow();
    assertThat(c.database()).isEqualTo("metrics");
    assertThat(c.credentials().authorizationHeader()).contains(basic("fulcrum", "s3cret"));
    assertThat(o.refreshInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(o.describe(c))
        .contains("user(fulcrum, password=****)", "every 250ms")
        .doesNotContain("s3cret");
  }

  @Test
  void passwordOptionWinsOverTheEnvironment() {
    InfluxMetricsOptions o =
        parse(
            Map.of(InfluxMetricsOptions.PASSWORD_ENV, "from-env"),
            "--influx",
            "http://127.0.0.1:8086",
            "--influx-user",
            "u",
            "--influx-password",
            "opt");
    assertThat(o.connection().orElseThrow().credentials().authorizationHeader())
        .contains(basic("u", "opt"));
  }

  @Test
  void tokenFromTheOptionOrTheEnvironment() {
    assertThat(
            parse(Map.of(), "--influx", "http://h:8086", "--influx-token", "t0k")
                .connection()
                .orElseThrow()
                .credentials()
                .authorizationHeader())
        .contains("Token t0k");
    InfluxMetricsOptions fromEnv =
        parse(Map.of(InfluxMetricsOptions.TOKEN_ENV, "env-t0k"), "--influx", "http://h:8086");
    InfluxConnection c = fromEnv.connection().orElseThrow();
    assertThat(c.credentials().authorizationHeader()).contains("Token env-t0k");
    assertThat(fromEnv.describe(c)).contains("token(****)").doesNotContain("env-t0k");
  }

  @Test
  void inconsistentOptionsAreErrorsNamingTheOption() {
    for (List<String> args :
        List.of(
            List.of("--influx-db", "x"),
            List.of("--influx", "http://h:8086", "--influx-user", "u", "--influx-token", "t"),
            List.of("--influx", "http://h:8086", "--influx-password", "p"),
            List.of("--influx", "http://h:8086", "--influx-user", "u"),
            List.of("--influx", "http://h:8086", "--influx-interval", "10ms"),
            List.of("--influx", "http://h:8086", "--influx-interval", "soon"))) {
      InfluxMetricsOptions o = parse(Map.of(), args.toArray(String[]::new));
      assertThatThrownBy(o::connection)
          .as("%s", args)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--influx");
    }
  }

  @Test
  void badUrlsAreRejectedWithoutEchoingCredentials() {
    assertThatThrownBy(() -> parse(Map.of(), "--influx", "ftp://h:8086").connection())
        .hasMessage("--influx: InfluxDB url must be http(s)://host[:port] but was ftp://h:8086");
    assertThatThrownBy(() -> parse(Map.of(), "--influx", "h:8086").connection())
        .hasMessageStartingWith("--influx: InfluxDB url must be http(s)://host[:port]");
    for (String url : List.of("http://u:pa55@h:8086", "http://u:pa 55@h:8086")) {
      assertThatThrownBy(() -> parse(Map.of(), "--influx", url).connection())
          .hasMessageStartingWith("--influx URL must not carry credentials")
          .message()
          .doesNotContain("pa55")
          .doesNotContain("pa 55");
    }
  }
}
