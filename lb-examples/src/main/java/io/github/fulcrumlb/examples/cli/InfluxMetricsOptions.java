package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.InfluxCredentials;
import io.github.fulcrumlb.influx.source.HostTagMapping;
import io.github.fulcrumlb.influx.source.InfluxMetricsSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The {@code --influx*} options of {@code fulcrum udp} (a picocli mixin): host metrics read from
 * InfluxDB in Telegraf's schema by lb-influx's {@link InfluxMetricsSource}, for metric-aware
 * strategies such as {@code least-load}. Without {@code --influx} there is no metrics source.
 *
 * <p>A backend's metrics are those of the Telegraf {@code host} tag equal to the host part of its
 * {@code --backend HOST:PORT} ({@link HostTagMapping#BACKEND_HOST}), so backends named by host name
 * match Telegraf's default tag; several backends on one host share its metrics.
 *
 * <p>Secrets: a password or token comes from {@code --influx-password} / {@code --influx-token} or,
 * better (a command line is visible to other users of the machine), from the environment variables
 * {@value #PASSWORD_ENV} / {@value #TOKEN_ENV}. Neither is ever printed.
 *
 * <pre>{@code
 * FULCRUM_INFLUX_PASSWORD=... ./fulcrum udp --listen 0.0.0.0:5353 --backend node-5:5301,node-6:5301 \
 *     --strategy least-load --influx http://influx.example.com:8086 --influx-user fulcrum
 * }</pre>
 */
final class InfluxMetricsOptions {
  /** Environment variable read for the password of {@code --influx-user}. */
  static final String PASSWORD_ENV = "FULCRUM_INFLUX_PASSWORD";

  /** Environment variable read for an API token when there is no {@code --influx-user}. */
  static final String TOKEN_ENV = "FULCRUM_INFLUX_TOKEN";

  /** Database read when {@code --influx-db} is not given. */
  static final String DEFAULT_DATABASE = "telegraf";

  /** Refresh period when {@code --influx-interval} is not given. */
  static final Duration DEFAULT_INTERVAL = InfluxMetricsSource.DEFAULT_INTERVAL;

  @Option(
      names = "--influx",
      paramLabel = "URL",
      description = {
        "Read host metrics (Telegraf's cpu, mem, net) from the InfluxDB at URL, e.g."
            + " http://influx.example.com:8086, for strategies such as least-load. A backend's"
            + " metrics are those of the Telegraf host tag equal to its host as given in --backend"
            + " (HOST:PORT), so name backends by host name; backends on one host share them."
      })
  String url;

  @Option(
      names = "--influx-db",
      paramLabel = "NAME",
      description =
          "InfluxDB database (on 2.x the DBRP-mapped name). Default: " + DEFAULT_DATABASE + ".")
  String database;

  @Option(
      names = "--influx-user",
      paramLabel = "USER",
      description =
          "InfluxDB user (1.x, or 2.x v1 auth); its password from --influx-password or"
              + " env "
              + PASSWORD_ENV
              + ".")
  String user;

  @Option(
      names = "--influx-password",
      paramLabel = "PASSWORD",
      description =
          "Password of --influx-user; prefer env "
              + PASSWORD_ENV
              + " (command lines are visible to others). Never printed.")
  String password;

  @Option(
      names = "--influx-token",
      paramLabel = "TOKEN",
      description =
          "InfluxDB 2.x/3.x API token instead of a user; prefer env "
              + TOKEN_ENV
              + ". Never printed.")
  String token;

  @Option(
      names = "--influx-interval",
      paramLabel = "DURATION",
      description = "Time between two reads of InfluxDB, in [100ms, 1h]. Default: 5s.")
  String interval;

  /** Environment lookup; tests replace it. */
  Function<String, String> env = System::getenv;

  /** Whether {@code --influx} was given. */
  boolean enabled() {
    return url != null;
  }

  /**
   * Validates every {@code --influx*} option, before anything starts.
   *
   * @return the connection, or empty without {@code --influx}
   * @throws IllegalArgumentException naming the option at fault; never echoing a secret
   */
  Optional<InfluxConnection> connection() {
    if (!enabled()) {
      String stray =
          database != null
              ? "--influx-db"
              : user != null
                  ? "--influx-user"
                  : password != null
                      ? "--influx-password"
                      : token != null
                          ? "--influx-token"
                          : interval != null ? "--influx-interval" : null;
      if (stray != null) {
        throw new IllegalArgumentException(stray + " needs --influx URL");
      }
      return Optional.empty();
    }
    InfluxCredentials credentials = credentials();
    refreshInterval();
    if (url.contains("@")) { // checked here: lb-influx's message for an unparsable URL echoes it
      throw new IllegalArgumentException(
          "--influx URL must not carry credentials: use"
              + " --influx-user with "
              + PASSWORD_ENV
              + ", or "
              + TOKEN_ENV);
    }
    InfluxConnection.Builder connection;
    try {
      connection = InfluxConnection.builder(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--influx: " + e.getMessage(), e);
    }
    return Optional.of(
        connection
            .database(database == null ? DEFAULT_DATABASE : database)
            .credentials(credentials)
            .build());
  }

  /** User and password, else a token (option, then environment), else none. */
  InfluxCredentials credentials() {
    if (user != null) {
      if (token != null) {
        throw new IllegalArgumentException("give --influx-user or --influx-token, not both");
      }
      String secret = password != null ? password : env.apply(PASSWORD_ENV);
      if (secret == null) {
        throw new IllegalArgumentException(
            "--influx-user needs a password: set " + PASSWORD_ENV + " or --influx-password");
      }
      try {
        return InfluxCredentials.userPassword(user, secret);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--influx-user: " + e.getMessage(), e);
      }
    }
    if (password != null) {
      throw new IllegalArgumentException("--influx-password needs --influx-user");
    }
    String secret = token != null ? token : env.apply(TOKEN_ENV);
    if (secret == null || (token == null && secret.isBlank())) {
      return InfluxCredentials.none();
    }
    if (secret.isBlank()) {
      throw new IllegalArgumentException("--influx-token must not be blank");
    }
    return InfluxCredentials.token(secret);
  }

  /** {@code --influx-interval}, or 5 s. */
  Duration refreshInterval() {
    if (interval == null) {
      return DEFAULT_INTERVAL;
    }
    Duration d = FlagValues.duration("--influx-interval", interval);
    if (d.toMillis() < 100 || d.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "--influx-interval must be in [100ms, 1h] but was \"" + interval + "\"");
    }
    return d;
  }

  /**
   * Starts reading: a source for {@code backends}, refreshed in the background from now on. The
   * caller closes it.
   */
  InfluxMetricsSource open(InfluxConnection connection, List<Backend> backends) {
    return InfluxMetricsSource.builder(connection)
        .backends(backends)
        .hostTags(HostTagMapping.BACKEND_HOST)
        .interval(refreshInterval())
        .build();
  }

  /** One line for the start-up banner: where, who (never a secret), how often. */
  String describe(InfluxConnection connection) {
    return "host metrics from InfluxDB "
        + connection.url()
        + " database "
        + connection.database()
        + ", credentials "
        + connection.credentials()
        + ", every "
        + interval(refreshInterval())
        + ", host tag = backend host";
  }

  private static String interval(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
