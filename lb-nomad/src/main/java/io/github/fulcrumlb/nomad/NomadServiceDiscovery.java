package io.github.fulcrumlb.nomad;

import io.github.fulcrumlb.api.Backend;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches one Nomad service (native service discovery, {@code provider = "nomad"}) and hands every
 * change of its membership to a listener, such as {@code LoadBalancer::setBackends}.
 *
 * <p>One daemon thread runs Nomad's blocking queries on {@code GET /v1/service/:name}: the first
 * request answers at once with the current registrations and the {@code X-Nomad-Index} header; the
 * next ones pass {@code index} and {@code wait} and return when the service changes or the wait
 * runs out. Each registration becomes a {@link Backend} (see {@link NomadRegistrations}); the
 * listener is called on that thread, only when the list differs from the last one it got.
 *
 * <ul>
 *   <li><b>Never throws into the caller</b> and never blocks it: failures (connection refused, HTTP
 *       403/500, timeouts, malformed JSON) keep the last membership, are counted in {@link
 *       #status()}, logged with a decreasing frequency (never with the token), and retried after an
 *       exponential back-off with jitter ({@code backoff}, 1 s doubling to 60 s by default). A
 *       listener that throws is logged and called again on the next change.
 *   <li><b>Timeouts on every call:</b> connect timeout, and a request timeout of the blocking wait
 *       plus Nomad's jitter (wait / 16) plus a margin.
 *   <li><b>Index handling</b> (Nomad's and Consul's blocking-query rules): an index that goes
 *       backwards (a server restored from a snapshot, a new leader) or is missing resets the next
 *       query to index 0, which answers at once; queries start at most once per {@code minInterval}
 *       (1 s), so a server that keeps answering at once cannot cause a busy loop.
 *   <li><b>Empty service:</b> when every instance disappears at once (a redeploy, a stopped job, a
 *       Nomad server answering from an empty state), the last non-empty set is kept for {@code
 *       emptyGrace} (30 s by default) and only then replaced by an empty list, as production load
 *       balancers keep their last known endpoints when discovery goes blank. A partial change (3
 *       instances to 1) applies at once; {@code emptyGrace(Duration.ZERO)} applies an empty set at
 *       once too.
 * </ul>
 *
 * <p>Nomad's native checks do not filter {@code /v1/service} answers, so a registered but failing
 * instance stays a member: the balancer's outlier detection ejects it.
 *
 * <pre>{@code
 * try (LoadBalancer lb = LoadBalancer.builder().strategy("p2c").build();
 *     NomadServiceDiscovery nomad = NomadServiceDiscovery.builder("http://127.0.0.1:4646", "echo")
 *         .token(System.getenv("NOMAD_TOKEN"))   // optional: X-Nomad-Token
 *         .listener(lb::setBackends)
 *         .start()) {
 *   ...
 * }
 * }</pre>
 */
public final class NomadServiceDiscovery implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NomadServiceDiscovery.class.getName());

  private final Builder config;
  private final URI serviceUri;
  private final HttpClient http;
  private final Thread thread;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Object published = new Object();
  private volatile List<Backend> current = List.of();
  private volatile DiscoveryStatus status = new DiscoveryStatus(0, 0, 0, false, 0, null);

  private NomadServiceDiscovery(Builder b) {
    this.config = b;
    this.serviceUri =
        URI.create(
            b.address
                + "/v1/service/"
                + URLEncoder.encode(b.service, StandardCharsets.UTF_8).replace("+", "%20"));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(b.connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.thread = new Thread(this::run, "fulcrum-nomad-" + b.service);
    this.thread.setDaemon(true);
  }

  /**
   * A builder for a service at a Nomad agent's HTTP address.
   *
   * @param address e.g. {@code http://127.0.0.1:4646} (no credentials in it)
   * @param service the service name, as in the job's {@code service { name = ... }}
   */
  public static Builder builder(String address, String service) {
    return new Builder(address, service);
  }

  /** The members last published to the listener (empty before Nomad first answered). */
  public List<Backend> backends() {
    return current;
  }

  /** What is known now. */
  public DiscoveryStatus status() {
    return status;
  }

  /**
   * Waits until the membership is non-empty, at most {@code timeout}.
   *
   * @return the members, or an empty list when the time ran out, the watch was closed, or this
   *     thread was interrupted (its interrupt flag is then set again)
   */
  public List<Backend> awaitBackends(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (published) {
      while (current.isEmpty() && stop.getCount() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(published, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return current;
    }
  }

  /** Stops watching: the request under way is abandoned; the listener is not called again. */
  @Override
  public void close() {
    stop.countDown();
    synchronized (published) {
      published.notifyAll();
    }
    if (Thread.currentThread() != thread) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "NomadServiceDiscovery{"
        + serviceUri
        + ", namespace="
        + config.namespace
        + ", "
        + status
        + "}";
  }

  private boolean stopped() {
    return stop.getCount() == 0;
  }

  private void run() {
    long index = 0;
    int failures = 0;
    long emptySince = -1;
    long lastStart = Long.MIN_VALUE;
    while (!stopped()) {
      long now = System.nanoTime();
      if (lastStart != Long.MIN_VALUE
          && now - lastStart < config.minInterval.toNanos()
          && pause(config.minInterval.toNanos() - (now - lastStart))) {
        return;
      }
      lastStart = System.nanoTime();
      Duration wait = config.wait;
      if (emptySince >= 0) { // wake up when the grace period ends, even if nothing changes
        long left = config.emptyGrace.toNanos() - (lastStart - emptySince);
        wait =
            Duration.ofNanos(
                Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(left, wait.toNanos())));
      }
      Answer answer;
      try {
        answer = query(index, wait);
      } catch (InterruptedException e) {
        if (stopped()) {
          return;
        }
        failures = failed(failures, "interrupted");
        continue;
      } catch (IOException | RuntimeException e) {
        failures = failed(failures, describe(e));
        if (pause(backoffNanos(failures))) {
          return;
        }
        continue;
      }
      if (stopped()) {
        return;
      }
      if (failures > 0) {
        LOG.log(
            Level.INFO,
            "Nomad service {0}: answering again after {1} failed requests",
            config.service,
            failures);
      }
      failures = 0;
      if (answer.index <= 0 || answer.index < index) {
        LOG.log(
            Level.DEBUG,
            "Nomad service {0}: index {1} after {2}, starting over from 0",
            config.service,
            answer.index,
            index);
        index = 0;
      } else {
        index = answer.index;
      }
      List<Backend> before = current;
      emptySince = apply(answer.backends, emptySince, System.nanoTime());
      // The status first, then the listener: a listener that reads status() sees this answer.
      status = new DiscoveryStatus(index, current.size(), answer.backends.size(), true, 0, null);
      if (current != before) {
        notifyListener(current);
      }
    }
  }

  /**
   * Publishes what Nomad said, or keeps the last set through the grace period; the new emptySince.
   */
  private long apply(List<Backend> got, long emptySince, long now) {
    if (got.isEmpty() && !current.isEmpty() && config.emptyGrace.toNanos() > 0) {
      if (emptySince < 0) {
        LOG.log(
            Level.WARNING,
            "Nomad service {0} has no instances: keeping the last {1} for {2}",
            config.service,
            current.size(),
            config.emptyGrace);
        return now;
      }
      if (now - emptySince < config.emptyGrace.toNanos()) {
        return emptySince;
      }
      LOG.log(
          Level.WARNING,
          "Nomad service {0} still has no instances after {1}: no members",
          config.service,
          config.emptyGrace);
    }
    if (!got.equals(current)) {
      publish(got);
    }
    return -1;
  }

  private void publish(List<Backend> backends) {
    synchronized (published) {
      current = backends;
      published.notifyAll();
    }
    LOG.log(
        Level.INFO,
        "Nomad service {0}: membership now {1} backends",
        config.service,
        backends.size());
  }

  private void notifyListener(List<Backend> backends) {
    try {
      config.listener.accept(backends);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Nomad service " + config.service + ": the listener failed", e);
    }
  }

  private int failed(int failures, String why) {
    int n = failures + 1;
    DiscoveryStatus s = status;
    status = new DiscoveryStatus(s.index(), current.size(), s.registered(), s.answered(), n, why);
    if (Integer.bitCount(n) == 1) { // 1st, 2nd, 4th, 8th... failure in a row
      LOG.log(
          Level.WARNING,
          "Nomad service {0}: request {1} in a row failed, keeping the last {2}" + " members: {3}",
          config.service,
          n,
          current.size(),
          why);
    }
    return n;
  }

  /** Exponential back-off with "equal jitter": half the delay fixed, half random. */
  private long backoffNanos(int failures) {
    long initial = config.backoffInitial.toNanos();
    long max = config.backoffMax.toNanos();
    long delay = initial;
    for (int i = 1; i < failures && delay < max; i++) {
      delay *= 2;
    }
    delay = Math.min(delay, max);
    long half = delay / 2;
    Random random = config.random; // the builder's; read once, so lock and use are one object
    synchronized (random) {
      return half + (half > 0 ? (long) (random.nextDouble() * half) : 0);
    }
  }

  /** Sleeps unless closed; whether it was closed. */
  private boolean pause(long nanos) {
    try {
      return stop.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      return stopped();
    }
  }

  private record Answer(long index, List<Backend> backends) {}

  private Answer query(long index, Duration wait) throws IOException, InterruptedException {
    StringBuilder q =
        new StringBuilder("?namespace=")
            .append(URLEncoder.encode(config.namespace, StandardCharsets.UTF_8));
    Duration timeout = config.requestTimeout;
    if (index > 0) {
      q.append("&index=").append(index).append("&wait=").append(goDuration(wait));
      timeout = timeout.plus(wait).plus(wait.dividedBy(16));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(serviceUri + q.toString()))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET();
    if (config.token != null) {
      request.header("X-Nomad-Token", config.token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    int code = response.statusCode();
    if (code != 200) {
      String body = response.body() == null ? "" : response.body().strip();
      if (body.length() > 200) {
        body = body.substring(0, 200) + "...";
      }
      String hint =
          code == 403
              ? (config.token == null
                  ? " (ACLs are on: set a token with namespace read-job)"
                  : " (the token lacks namespace read-job, or is unknown)")
              : "";
      throw new IOException("HTTP " + code + hint + (body.isEmpty() ? "" : ": " + body));
    }
    long newIndex = response.headers().firstValueAsLong("X-Nomad-Index").orElse(0L);
    return new Answer(newIndex, NomadRegistrations.parse(response.body()));
  }

  private static String describe(Exception e) {
    if (e instanceof HttpTimeoutException) {
      return "timed out (" + e.getMessage() + ")";
    }
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** A duration as Go's time.ParseDuration reads it: 300s, 1500ms. */
  static String goDuration(Duration d) {
    long ms = Math.max(1, d.toMillis());
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  /**
   * Configuration of a {@link NomadServiceDiscovery}; every value has a working default except the
   * listener, which defaults to doing nothing (read {@link #backends()} instead).
   */
  public static final class Builder {
    private final String address;
    private final String service;
    private String namespace = "default";
    private String token;
    private Duration wait = Duration.ofMinutes(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration backoffInitial = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofSeconds(60);
    private Duration minInterval = Duration.ofSeconds(1);
    private Duration emptyGrace = Duration.ofSeconds(30);
    private Random random = new Random();
    private Consumer<List<Backend>> listener = backends -> {};

    private Builder(String address, String service) {
      Objects.requireNonNull(address, "Nomad address must not be null");
      Objects.requireNonNull(service, "Nomad service must not be null");
      String a = address.strip();
      while (a.endsWith("/")) {
        a = a.substring(0, a.length() - 1);
      }
      URI uri;
      try {
        uri = URI.create(a);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Nomad address is not a URL: " + quote(address));
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "Nomad address must be http(s)://host:port but was " + quote(address));
      }
      if (uri.getUserInfo() != null) {
        throw new IllegalArgumentException(
            "Nomad address must not carry credentials: give the token with token(...)");
      }
      if (service.isBlank() || service.indexOf('/') >= 0) {
        throw new IllegalArgumentException(
            "Nomad service must be a non-blank name without '/' but was " + quote(service));
      }
      this.address = a;
      this.service = service;
    }

    /** The namespace of the service. Default: {@code default}. */
    public Builder namespace(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("Nomad namespace must not be blank");
      }
      this.namespace = value;
      return this;
    }

    /** Sent as {@code X-Nomad-Token}; {@code null} or blank: none (ACLs off). Never logged. */
    public Builder token(String value) {
      this.token = value == null || value.isBlank() ? null : value.strip();
      return this;
    }

    /** Longest a blocking query waits for a change, up to Nomad's 10 min. Default: 5 min. */
    public Builder wait(Duration value) {
      this.wait = positive("wait", value);
      if (wait.compareTo(Duration.ofMinutes(10)) > 0) {
        wait = Duration.ofMinutes(10);
      }
      return this;
    }

    /** Added to every request's timeout (beyond the blocking wait). Default: 10 s. */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = positive("requestTimeout", value);
      return this;
    }

    /** TCP connect timeout. Default: 5 s. */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = positive("connectTimeout", value);
      return this;
    }

    /**
     * Back-off after failures: first delay, doubling up to max, half of it random. Default 1 s, 60
     * s.
     */
    public Builder backoff(Duration initial, Duration max) {
      this.backoffInitial = positive("backoff initial", initial);
      this.backoffMax = positive("backoff max", max);
      if (backoffMax.compareTo(backoffInitial) < 0) {
        throw new IllegalArgumentException("backoff max must be at least the initial delay");
      }
      return this;
    }

    /** Queries start at most this often (blocking queries may answer at once). Default: 1 s. */
    public Builder minInterval(Duration value) {
      Objects.requireNonNull(value, "minInterval must not be null");
      if (value.isNegative()) {
        throw new IllegalArgumentException("minInterval must not be negative");
      }
      this.minInterval = value;
      return this;
    }

    /** How long the last non-empty set is kept when the service empties. Default: 30 s. */
    public Builder emptyGrace(Duration value) {
      Objects.requireNonNull(value, "emptyGrace must not be null");
      if (value.isNegative()) {
        throw new IllegalArgumentException("emptyGrace must not be negative");
      }
      this.emptyGrace = value;
      return this;
    }

    /** Randomness of the back-off jitter (tests pass a seeded one). */
    public Builder random(Random value) {
      this.random = Objects.requireNonNull(value, "random must not be null");
      return this;
    }

    /** Called on the discovery thread with every new membership (an immutable list). */
    public Builder listener(Consumer<List<Backend>> value) {
      this.listener = Objects.requireNonNull(value, "listener must not be null");
      return this;
    }

    /** Starts watching in the background; returns at once. */
    public NomadServiceDiscovery start() {
      NomadServiceDiscovery d = new NomadServiceDiscovery(copy());
      d.thread.start();
      return d;
    }

    /** A snapshot, so that changing this builder later does not change a running watch. */
    private Builder copy() {
      Builder c = new Builder(address, service);
      c.namespace = namespace;
      c.token = token;
      c.wait = wait;
      c.requestTimeout = requestTimeout;
      c.connectTimeout = connectTimeout;
      c.backoffInitial = backoffInitial;
      c.backoffMax = backoffMax;
      c.minInterval = minInterval;
      c.emptyGrace = emptyGrace;
      c.random = random;
      c.listener = listener;
      return c;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name + " must not be null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + value);
      }
      return value;
    }

    private static String quote(String s) {
      return "\"" + s + "\"";
    }
  }
}
