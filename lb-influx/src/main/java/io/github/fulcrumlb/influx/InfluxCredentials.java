package io.github.fulcrumlb.influx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How Fulcrum authenticates to InfluxDB: not at all, with an API token (InfluxDB 2.x and 3.x, sent
 * as {@code Authorization: Token ...}), or with a user name and password (InfluxDB 1.x and 2.x's v1
 * compatibility users, sent as HTTP Basic). Secrets travel only in that header, never in a URL, and
 * {@link #toString()} shows the kind and the user name, never a secret.
 *
 * <pre>{@code
 * InfluxCredentials none = InfluxCredentials.none();
 * InfluxCredentials v2 = InfluxCredentials.token(System.getenv("INFLUX_TOKEN"));
 * InfluxCredentials v1 =
 *     InfluxCredentials.userPassword("fulcrum", System.getenv("INFLUX_PASSWORD"));
 * }</pre>
 */
public final class InfluxCredentials {
  private static final InfluxCredentials NONE = new InfluxCredentials(null, null, null);

  private final String token;
  private final String user;
  private final String password;

  private InfluxCredentials(String token, String user, String password) {
    this.token = token;
    this.user = user;
    this.password = password;
  }

  /** No authentication (a server with authentication disabled). */
  public static InfluxCredentials none() {
    return NONE;
  }

  /** An API token, non-blank. */
  public static InfluxCredentials token(String token) {
    checkArgument(token != null && !token.isBlank(), "InfluxDB token must not be blank");
    return new InfluxCredentials(token, null, null);
  }

  /** A user name (non-blank, without ':') and a password (not null). */
  public static InfluxCredentials userPassword(String user, String password) {
    checkArgument(user != null && !user.isBlank(), "InfluxDB user must not be blank");
    checkArgument(user.indexOf(':') < 0, "InfluxDB user must not contain ':'");
    checkNotNull(password, "InfluxDB password must not be null");
    return new InfluxCredentials(null, user, password);
  }

  /**
   * The value of the {@code Authorization} header to send, if any. It contains the secret: callers
   * put it on the request and nowhere else.
   */
  public Optional<String> authorizationHeader() {
    if (token != null) {
      return Optional.of("Token " + token);
    }
    if (user != null) {
      byte[] pair = (user + ':' + password).getBytes(StandardCharsets.UTF_8);
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair));
    }
    return Optional.empty();
  }

  /** The kind of credentials and the user name; never a token or a password. */
  @Override
  public String toString() {
    if (token != null) {
      return "token(****)";
    }
    if (user != null) {
      return "user(" + user + ", password=****)";
    }
    return "none";
  }
}
