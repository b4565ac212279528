package io.github.fulcrumlb.netty.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Active health checks of UDP backends, beside the passive ones (reply timeouts and ICMP errors of
 * live traffic): every {@code interval} the balancer sends {@code payload} to each backend and
 * waits up to {@code timeout} for a reply that matches {@code expected}. After {@code fall} failed
 * probes in a row a backend gets no new sessions (its sessions move on their next datagram), after
 * {@code rise} good ones in a row it is back. Probes run on a thread of their own, never on the
 * event loops. Off unless configured.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>expected</td><td>any reply</td></tr>
 *   <tr><td>match</td><td>{@link Match#PREFIX}</td></tr>
 *   <tr><td>interval</td><td>5 s</td></tr>
 *   <tr><td>timeout</td><td>1 s</td></tr>
 *   <tr><td>rise / fall</td><td>2 / 3</td></tr>
 * </table>
 *
 * <pre>{@code
 * UdpBalancerConfig.builder()
 *     .activeHealthCheck(ActiveHealthCheck.builder(dnsQueryFor("health.example."))
 *         .expected(new byte[] {(byte) 0x81, (byte) 0x80}, ActiveHealthCheck.Match.PREFIX)
 *         .interval(Duration.ofSeconds(2))
 *         .build())
 * }</pre>
 */
public final class ActiveHealthCheck {
  /** How a reply is compared with {@code expected}. */
  public enum Match {
    /** The reply starts with the expected bytes (an empty expectation accepts any reply). */
    PREFIX,
    /** The reply is exactly the expected bytes. */
    EXACT
  }

  private final byte[] payload;
  private final byte[] expected;
  private final Match match;
  private final Duration interval;
  private final Duration timeout;
  private final int rise;
  private final int fall;

  private ActiveHealthCheck(Builder b) {
    this.payload = b.payload.clone();
    this.expected = b.expected.clone();
    this.match = b.match;
    this.interval = b.interval;
    this.timeout = b.timeout;
    this.rise = b.rise;
    this.fall = b.fall;
  }

  /** A builder probing with {@code payload} (may be empty), with the defaults above. */
  public static Builder builder(byte[] payload) {
    return new Builder(payload);
  }

  /** The probe datagram's bytes (a copy). */
  public byte[] payload() {
    return payload.clone();
  }

  /** The expected reply, or its prefix (a copy); empty: any reply. */
  public byte[] expected() {
    return expected.clone();
  }

  /** How replies are compared with {@link #expected()}. */
  public Match match() {
    return match;
  }

  /** Time between probes of one backend. */
  public Duration interval() {
    return interval;
  }

  /** A probe without a matching reply after this long has failed. */
  public Duration timeout() {
    return timeout;
  }

  /** Good probes in a row that bring an unhealthy backend back. */
  public int rise() {
    return rise;
  }

  /** Failed probes in a row that take a healthy backend out. */
  public int fall() {
    return fall;
  }

  /** Whether {@code reply[0, length)} is a good answer. Allocation-free. */
  public boolean accepts(byte[] reply, int length) {
    if (match == Match.EXACT && length != expected.length) {
      return false;
    }
    if (length < expected.length) {
      return false;
    }
    return Arrays.equals(reply, 0, expected.length, expected, 0, expected.length);
  }

  @Override
  public String toString() {
    return "ActiveHealthCheck{payload="
        + payload.length
        + " B, expected="
        + expected.length
        + " B "
        + match
        + ", interval="
        + interval
        + ", timeout="
        + timeout
        + ", rise="
        + rise
        + ", fall="
        + fall
        + '}';
  }

  /** Builder of {@link ActiveHealthCheck}; each setter validates and names the setting. */
  public static final class Builder {
    private final byte[] payload;
    private byte[] expected = new byte[0];
    private Match match = Match.PREFIX;
    private Duration interval = Duration.ofSeconds(5);
    private Duration timeout = Duration.ofSeconds(1);
    private int rise = 2;
    private int fall = 3;

    private Builder(byte[] payload) {
      Objects.requireNonNull(payload, "healthCheck payload must not be null");
      if (payload.length > 65_507) {
        throw new IllegalArgumentException(
            "healthCheck payload must be at most 65507 bytes but was " + payload.length);
      }
      this.payload = payload.clone();
    }

    /** The reply expected, compared by {@code match}; default: any reply is good. */
    public Builder expected(byte[] value, Match match) {
      this.expected =
          Objects.requireNonNull(value, "healthCheck expected must not be null").clone();
      this.match = Objects.requireNonNull(match, "healthCheck match must not be null");
      return this;
    }

    /** Time between probes of one backend, in [10 ms, 1 day]. */
    public Builder interval(Duration value) {
      this.interval = duration("healthCheck interval", value);
      return this;
    }

    /** How long a probe waits for its reply, in [10 ms, 1 day]. */
    public Builder timeout(Duration value) {
      this.timeout = duration("healthCheck timeout", value);
      return this;
    }

    /** Good probes in a row to come back, in [1, 100]. */
    public Builder rise(int value) {
      this.rise = count("healthCheck rise", value);
      return this;
    }

    /** Failed probes in a row to be taken out, in [1, 100]. */
    public Builder fall(int value) {
      this.fall = count("healthCheck fall", value);
      return this;
    }

    /** The check. */
    public ActiveHealthCheck build() {
      return new ActiveHealthCheck(this);
    }

    private static Duration duration(String name, Duration value) {
      Objects.requireNonNull(value, name + " must not be null");
      if (value.compareTo(Duration.ofMillis(10)) < 0 || value.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(name + " must be in [10ms, 1 day] but was " + value);
      }
      return value;
    }

    private static int count(String name, int value) {
      if (value < 1 || value > 100) {
        throw new IllegalArgumentException(name + " must be in [1, 100] but was " + value);
      }
      return value;
    }
  }
}
