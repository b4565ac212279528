package io.github.fulcrumlb.influx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where an InfluxDB server is and how to talk to it: base URL, database (1.x) or bucket and
 * organisation (2.x), retention policy, credentials, a timeout applied to every call, and which
 * write API to use. An immutable value; {@link #toString()} never shows a secret.
 *
 * <p>Reads use InfluxQL at {@code /query}, which InfluxDB 1.x serves natively and 2.x and 3.x
 * through their v1 compatibility API (on 2.x the database name must be mapped to a bucket with a
 * DBRP mapping). Writes go to {@code /write} (1.x) or {@code /api/v2/write} (2.x), chosen by {@link
 * WriteApi}.
 *
 * <pre>{@code
 * InfluxConnection v1 = InfluxConnection.builder("http://127.0.0.1:8086")
 *     .database("telegraf")
 *     .build();
 * InfluxConnection v2 = InfluxConnection.builder("https://influx.example.com")
 *     .database("telegraf")                 // DBRP-mapped name, for InfluxQL reads
 *     .org("ops").bucket("telegraf")        // for /api/v2/write
 *     .credentials(InfluxCredentials.token(System.getenv("INFLUX_TOKEN")))
 *     .timeout(Duration.ofSeconds(2))
 *     .build();
 * }</pre>
 */
public final class InfluxConnection {
  /** Default timeout of each call (connect plus the whole exchange): 2 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Which HTTP write API to use. */
  public enum WriteApi {
    /** Ask the server once ({@code /ping}'s {@code X-Influxdb-Version}): 1.x → V1, else V2. */
    AUTO,
    /** InfluxDB 1.x: {@code /write?db=...&rp=...}. */
    V1,
    /** InfluxDB 2.x and 3.x: {@code /api/v2/write?org=...&bucket=...}. */
    V2
  }

  private final URI url;
  private final String database;
  private final String retentionPolicy;
  private final String org;
  private final String bucket;
  private final InfluxCredentials credentials;
  private final Duration timeout;
  private final WriteApi writeApi;

  private InfluxConnection(Builder b) {
    this.url = b.url;
    this.database = b.database;
    this.retentionPolicy = b.retentionPolicy;
    this.org = b.org;
    this.bucket = b.bucket;
    this.credentials = b.credentials;
    this.timeout = b.timeout;
    this.writeApi = b.writeApi;
  }

  /** A builder for the server at {@code url} (http or https, e.g. {@code http://host:8086}). */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** Base URL without a trailing slash, e.g. {@code http://127.0.0.1:8086}. */
  public String url() {
    String s = url.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Database (1.x) or DBRP-mapped name (2.x) for InfluxQL reads and 1.x writes. */
  public String database() {
    return database;
  }

  /** Retention policy, if not the database's default. */
  public Optional<String> retentionPolicy() {
    return Optional.ofNullable(retentionPolicy);
  }

  /** Organisation for 2.x writes, if set. */
  public Optional<String> org() {
    return Optional.ofNullable(org);
  }

  /** Bucket for 2.x writes; defaults to {@code database[/retentionPolicy]}. */
  public String bucket() {
    if (bucket != null) {
      return bucket;
    }
    return retentionPolicy == null ? database : database + '/' + retentionPolicy;
  }

  /** How requests authenticate. */
  public InfluxCredentials credentials() {
    return credentials;
  }

  /** Upper bound of each call, connecting included. */
  public Duration timeout() {
    return timeout;
  }

  /** Which write API to use. */
  public WriteApi writeApi() {
    return writeApi;
  }

  @Override
  public String toString() {
    return "InfluxConnection{url="
        + url()
        + ", database="
        + database
        + (retentionPolicy == null ? "" : ", retentionPolicy=" + retentionPolicy)
        + (org == null ? "" : ", org=" + org)
        + (bucket == null ? "" : ", bucket=" + bucket)
        + ", credentials="
        + credentials
        + ", timeout="
        + timeout
        + ", writeApi="
        + writeApi
        + '}';
  }

  /** Builder of {@link InfluxConnection}; defaults: database {@code telegraf}, no credentials. */
  public static final class Builder {
    private final URI url;
    private String database = "telegraf";
    private String retentionPolicy;
    private String org;
    private String bucket;
    private InfluxCredentials credentials = InfluxCredentials.none();
    private Duration timeout = DEFAULT_TIMEOUT;
    private WriteApi writeApi = WriteApi.AUTO;

    /**
     * {@code url} with anything between {@code //} (or the start) and the last {@code @} masked.
     */
    static String withoutUserInfo(String url) {
      int at = url.lastIndexOf('@');
      if (at < 0) {
        return url;
      }
      int scheme = url.indexOf("://");
      int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
      return url.substring(0, start) + "****" + url.substring(at);
    }

    private Builder(String url) {
      checkArgument(url != null && !url.isBlank(), "InfluxDB url must not be blank");
      URI parsed;
      try {
        parsed = URI.create(url.trim());
      } catch (IllegalArgumentException e) {
        // Neither the text nor the parser's message (which repeats it) may leak a password.
        throw new IllegalArgumentException("InfluxDB url is not a URL: " + withoutUserInfo(url));
      }
      checkArgument(
          parsed.getUserInfo() == null, // checked first: the message must not echo it
          "InfluxDB url must not carry credentials: use credentials(...)");
      checkArgument(
          ("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))
              && parsed.getHost() != null,
          "InfluxDB url must be http(s)://host[:port] but was %s",
          url);
      checkArgument(parsed.getQuery() == null, "InfluxDB url must not have a query string");
      this.url = parsed;
    }

    /** Database (default {@code telegraf}), non-blank. */
    public Builder database(String value) {
      checkArgument(value != null && !value.isBlank(), "InfluxDB database must not be blank");
      this.database = value;
      return this;
    }

    /** Retention policy; {@code null} for the database's default. */
    public Builder retentionPolicy(String value) {
      checkArgument(value == null || !value.isBlank(), "retention policy must not be blank");
      this.retentionPolicy = value;
      return this;
    }

    /** Organisation for 2.x writes. */
    public Builder org(String value) {
      checkArgument(value == null || !value.isBlank(), "org must not be blank");
      this.org = value;
      return this;
    }

    /** Bucket for 2.x writes (default: database[/retention policy]). */
    public Builder bucket(String value) {
      checkArgument(value == null || !value.isBlank(), "bucket must not be blank");
      this.bucket = value;
      return this;
    }

    /** Credentials (default none). */
    public Builder credentials(InfluxCredentials value) {
      this.credentials = checkNotNull(value, "credentials");
      return this;
    }

    /** Timeout of every call, in (0, 5 min] (default 2 s). */
    public Builder timeout(Duration value) {
      checkArgument(
          value != null
              && !value.isNegative()
              && !value.isZero()
              && value.compareTo(Duration.ofMinutes(5)) <= 0,
          "InfluxDB timeout must be in (0, 5 min] but was %s",
          value);
      this.timeout = value;
      return this;
    }

    /** Write API (default {@link WriteApi#AUTO}). */
    public Builder writeApi(WriteApi value) {
      this.writeApi = checkNotNull(value, "writeApi");
      return this;
    }

    /** The connection settings. */
    public InfluxConnection build() {
      return new InfluxConnection(this);
    }
  }
}
