package io.github.fulcrumlb.influx.write;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.TimeSource;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.RateLimitedLogger;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes points to InfluxDB asynchronously, in batches, from a bounded queue: {@link #offer} never
 * blocks (a full queue drops the point and counts it), and one background thread posts whatever is
 * queued as one line-protocol body. Points are {@link LinePoint}s formatted by {@link
 * LineProtocol}, in millisecond precision.
 *
 * <p>The body goes to {@code /write?db=&rp=&precision=ms} on InfluxDB 1.x or to {@code
 * /api/v2/write?org=&bucket=&precision=ms} on 2.x and 3.x, as {@link InfluxConnection#writeApi()}
 * says; {@code AUTO} asks {@code /ping} once. The JDK's {@link HttpClient} sends it (the client
 * library's write API speaks only the 2.x protocol), each request bounded by the connection's
 * timeout. A batch that fails is counted and dropped, not retried: these are metrics, the next
 * batch carries fresher ones. Failures are logged at most once a minute.
 *
 * <p><b>Per-point accounting.</b> A point line protocol cannot carry (a tag value ending in a
 * backslash, a non-finite number) is refused by {@link #offer}, counted as {@link
 * WriterStats#rejected()} and logged; it never reaches the server, so it cannot spoil its batch.
 * When InfluxDB 1.x stores part of a batch (HTTP 400 "partial write", e.g. a field type conflict),
 * its answer says how many points it dropped ({@code dropped=N}, plus one per "unable to parse"):
 * those are counted as rejected, the rest as written, and the server's reason is kept in {@link
 * WriterStats#lastRejection()}.
 *
 * <pre>{@code
 * try (LineProtocolWriter writer = LineProtocolWriter.builder(connection).build()) {
 *   writer.offer(LinePoint.measurement("deploys").tag("service", "api").field("count", 1L)
 *       .timeMillis(System.currentTimeMillis()));
 * }
 * }</pre>
 */
public final class LineProtocolWriter implements AutoCloseable {
  /** Default queue capacity: 10 000 points. */
  public static final int DEFAULT_CAPACITY = 10_000;

  /** Default largest batch: 5 000 points. */
  public static final int DEFAULT_BATCH_SIZE = 5_000;

  private static final System.Logger LOG = System.getLogger(LineProtocolWriter.class.getName());
  private static final Pattern DROPPED = Pattern.compile("dropped=(\\d+)");
  private static final String UNPARSABLE = "unable to parse '";

  private final InfluxConnection connection;
  private final BlockingQueue<String> queue;
  private final int batchSize;
  private final HttpClient http;
  private final RateLimitedLogger failureLog;
  private final RateLimitedLogger rejectionLog;
  private final Thread thread;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Object progress = new Object();
  private long written; // guarded by progress
  private long failed; // guarded by progress
  private long rejectedByServer; // guarded by progress
  private final AtomicLong rejectedHere = new AtomicLong();
  private volatile String lastRejection;
  private volatile InfluxConnection.WriteApi resolvedApi;
  private volatile boolean closed;

  private LineProtocolWriter(Builder b) {
    this.connection = b.connection;
    this.queue = new ArrayBlockingQueue<>(b.capacity);
    this.batchSize = b.batchSize;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connection.timeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.failureLog = new RateLimitedLogger(LOG, Duration.ofMinutes(1), TimeSource.SYSTEM);
    this.rejectionLog = new RateLimitedLogger(LOG, Duration.ofMinutes(1), TimeSource.SYSTEM);
    this.resolvedApi =
        connection.writeApi() == InfluxConnection.WriteApi.AUTO ? null : connection.writeApi();
    this.thread = new Thread(this::run, "fulcrum-influx-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** A builder writing to {@code connection}. */
  public static Builder builder(InfluxConnection connection) {
    return new Builder(checkNotNull(connection, "connection"));
  }

  /**
   * Queues a point. Never blocks.
   *
   * @return whether it was queued; {@code false} (and counted) when the queue is full or closed, or
   *     when line protocol cannot carry the point (counted as rejected and logged, with the reason)
   * @throws IllegalArgumentException if the point has no field or no time (a programming error)
   */
  public boolean offer(LinePoint point) {
    checkNotNull(point, "point");
    checkArgument(point.hasFields(), "a point needs at least one field");
    checkArgument(point.hasTime(), "a point needs a time: call timeMillis");
    String line;
    try {
      line = point.toLine();
    } catch (IllegalArgumentException e) {
      rejectedHere.incrementAndGet();
      lastRejection = e.getMessage();
      rejectionLog.failure(
          "InfluxDB point not written: "
              + e.getMessage()
              + " ("
              + rejected()
              + " points rejected since start)");
      return false;
    }
    return offerLine(line);
  }

  private long rejected() {
    synchronized (progress) {
      return rejectedHere.get() + rejectedByServer;
    }
  }

  private boolean offerLine(String line) {
    if (closed || !queue.offer(line)) {
      dropped.incrementAndGet();
      return false;
    }
    accepted.incrementAndGet();
    return true;
  }

  /**
   * Waits until every point queued before this call was written or failed, at most {@code timeout}.
   *
   * @return whether everything was handled in time
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long target = accepted.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (written + failed + rejectedByServer < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
    }
    return true;
  }

  /** Counters since start. */
  public WriterStats stats() {
    synchronized (progress) {
      return new WriterStats(
          accepted.get(),
          written,
          dropped.get(),
          failed,
          queue.size(),
          rejectedHere.get() + rejectedByServer,
          lastRejection);
    }
  }

  private void run() {
    List<String> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        String first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, batchSize - 1);
        int refused = post(batch);
        synchronized (progress) {
          if (refused < 0) {
            failed += batch.size();
          } else {
            written += batch.size() - refused;
            rejectedByServer += refused;
          }
          progress.notifyAll();
        }
        batch.clear();
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "Unexpected error in the InfluxDB writer", e);
        synchronized (progress) {
          failed += batch.size();
          progress.notifyAll();
        }
        batch.clear();
      }
    }
  }

  /**
   * Posts one batch.
   *
   * @return how many of its points the server refused one by one (0: all stored), or -1 if the
   *     whole batch failed
   */
  private int post(List<String> lines) throws InterruptedException {
    try {
      InfluxConnection.WriteApi api = resolvedApi != null ? resolvedApi : detect();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(writeUri(api))
              .timeout(connection.timeout())
              .header("Content-Type", "text/plain; charset=utf-8")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      String.join("\n", lines), StandardCharsets.UTF_8));
      connection
          .credentials()
          .authorizationHeader()
          .ifPresent(v -> request.header("Authorization", v));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body() == null ? "" : response.body().replaceAll("\\s+", " ");
      String shown = body.length() > 300 ? body.substring(0, 300) + "..." : body;
      if (response.statusCode() / 100 != 2) {
        int refused = partiallyRefused(body, lines.size());
        if (response.statusCode() == 400 && refused > 0) {
          lastRejection = shown;
          rejectionLog.failure(
              "InfluxDB stored "
                  + (lines.size() - refused)
                  + " of "
                  + lines.size()
                  + " points and refused "
                  + refused
                  + ": "
                  + shown);
          failureLog.recovered("InfluxDB writes work again");
          return refused;
        }
        failureLog.failure(
            "InfluxDB write of "
                + lines.size()
                + " points refused: HTTP "
                + response.statusCode()
                + ' '
                + shown);
        return -1;
      }
      failureLog.recovered("InfluxDB writes work again");
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      failureLog.failure(
          "InfluxDB write of "
              + lines.size()
              + " points failed: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage());
      return -1;
    }
  }

  /**
   * How many points of a batch of {@code size} an InfluxDB 1.x "partial write" answer refused: its
   * {@code dropped=N} (type conflicts, points outside the retention policy) plus one per "unable to
   * parse" line; 0 if the answer is not a partial write (then the whole batch failed).
   */
  static int partiallyRefused(String body, int size) {
    if (!body.contains("partial write")) {
      return 0;
    }
    long refused = 0;
    Matcher m = DROPPED.matcher(body);
    while (m.find()) {
      refused += Long.parseLong(m.group(1));
    }
    for (int at = body.indexOf(UNPARSABLE); at >= 0; at = body.indexOf(UNPARSABLE, at + 1)) {
      refused++;
    }
    return (int) Math.max(1, Math.min(size, refused));
  }

  /** Which write API the server speaks: 1.x answers {@code /ping} with version "1.x". */
  private InfluxConnection.WriteApi detect() throws IOException, InterruptedException {
    HttpRequest.Builder ping =
        HttpRequest.newBuilder(URI.create(connection.url() + "/ping"))
            .timeout(connection.timeout())
            .GET();
    connection.credentials().authorizationHeader().ifPresent(v -> ping.header("Authorization", v));
    HttpResponse<Void> r = http.send(ping.build(), HttpResponse.BodyHandlers.discarding());
    String version =
        r.headers().firstValue("X-Influxdb-Version").orElse("").toLowerCase(Locale.ROOT);
    if (r.statusCode() / 100 != 2) {
      throw new IOException("InfluxDB /ping answered HTTP " + r.statusCode());
    }
    InfluxConnection.WriteApi api =
        version.startsWith("1.") || version.startsWith("v1.")
            ? InfluxConnection.WriteApi.V1
            : InfluxConnection.WriteApi.V2;
    resolvedApi = api;
    return api;
  }

  /** The write API in use: V1 or V2, or AUTO until the server has been asked. */
  public InfluxConnection.WriteApi writeApi() {
    InfluxConnection.WriteApi api = resolvedApi;
    return api == null ? InfluxConnection.WriteApi.AUTO : api;
  }

  URI writeUri(InfluxConnection.WriteApi api) {
    StringBuilder u = new StringBuilder(connection.url());
    if (api == InfluxConnection.WriteApi.V1) {
      u.append("/write?db=").append(encode(connection.database()));
      connection.retentionPolicy().ifPresent(rp -> u.append("&rp=").append(encode(rp)));
    } else {
      u.append("/api/v2/write?bucket=").append(encode(connection.bucket()));
      connection.org().ifPresent(org -> u.append("&org=").append(encode(org)));
    }
    return URI.create(u.append("&precision=ms").toString());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * Stops accepting points, writes what is queued (bounded by twice the timeout) and stops the
   * thread. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      thread.join(2 * connection.timeout().toMillis() + 500);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LineProtocolWriter{" + connection + ", " + stats() + '}';
  }

  /** Builder of {@link LineProtocolWriter}; defaults: 10 000 queued points, batches of 5 000. */
  public static final class Builder {
    private final InfluxConnection connection;
    private int capacity = DEFAULT_CAPACITY;
    private int batchSize = DEFAULT_BATCH_SIZE;

    private Builder(InfluxConnection connection) {
      this.connection = connection;
    }

    /** Queue capacity in points, in [1, 10 000 000]. */
    public Builder capacity(int value) {
      checkArgument(
          value >= 1 && value <= 10_000_000, "capacity must be in [1, 1e7] but was %s", value);
      this.capacity = value;
      return this;
    }

    /** Largest batch in points, in [1, 100 000]. */
    public Builder batchSize(int value) {
      checkArgument(
          value >= 1 && value <= 100_000, "batchSize must be in [1, 1e5] but was %s", value);
      this.batchSize = value;
      return this;
    }

    /** Starts the writer thread. */
    public LineProtocolWriter build() {
      return new LineProtocolWriter(this);
    }
  }
}
