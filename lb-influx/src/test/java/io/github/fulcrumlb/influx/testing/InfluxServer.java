package io.github.fulcrumlb.influx.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real InfluxDB (Debian's influxd 1.6.7) for one test class: started on free 127.0.0.1 ports with
 * a temporary meta/data/wal folder and reporting disabled, stopped after the class. It can be
 * killed and started again on the same port and data, for "server died mid-run" tests.
 *
 * <p>{@code influxd} is looked up in {@code FULCRUM_INFLUXD} (a path), then on the {@code PATH}.
 * Without it the tests are skipped with a message saying how to install it, except when the
 * environment variable {@code CI} is {@code true}: then they fail, so a CI run cannot be green
 * without them.
 *
 * <pre>{@code
 * @RegisterExtension static final InfluxServer influx = new InfluxServer();
 * ...
 * influx.write("cpu,cpu=cpu-total,host=a usage_idle=80 " + millis);
 * }</pre>
 */
public final class InfluxServer
    implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, AutoCloseable {
  /** The database every test writes to and reads from. */
  public static final String DATABASE = "fulcrum_test";

  static final String INSTALL = "apt-get install -y --no-install-recommends influxdb";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  /** Admin user of a server made with {@link #withAuthentication()}. */
  public static final String ADMIN = "admin";

  /** Its password. */
  public static final String ADMIN_PASSWORD = "adm1n-Pa55-for-tests";

  private final boolean authentication;
  private boolean adminExists;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Path dir;
  private int httpPort;
  private Process process;

  /** Skips the class (with a message saying how to install influxd) locally; never under CI. */
  /** A server without authentication. */
  public InfluxServer() {
    this(false);
  }

  private InfluxServer(boolean authentication) {
    this.authentication = authentication;
  }

  /**
   * A server with {@code [http] auth-enabled = true} and one admin ({@link #ADMIN}); the helpers
   * {@link #write} and {@link #query} authenticate as that admin.
   */
  public static InfluxServer withAuthentication() {
    return new InfluxServer(true);
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (findInfluxd() != null || "true".equalsIgnoreCase(System.getenv("CI"))) {
      return ConditionEvaluationResult.enabled("influxd found, or CI=true (must not skip)");
    }
    String message =
        "influxd not found: install it with `" + INSTALL + "` to run " + context.getDisplayName();
    System.err.println("SKIPPED: " + message);
    return ConditionEvaluationResult.disabled(message);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path influxd = findInfluxd();
    if (influxd == null) {
      String message = "influxd not found: install it with `" + INSTALL + "`";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(message + " (CI=true: InfluxDB tests must run, not skip)");
      }
      Assumptions.abort(message + " to run the InfluxDB tests");
    }
    start();
  }

  /** Whether an influxd binary was found. */
  public static boolean available() {
    return findInfluxd() != null;
  }

  /** Starts a fresh server (outside JUnit, e.g. a benchmark); {@link #close()} stops it. */
  public void start() throws Exception {
    Path influxd = findInfluxd();
    if (influxd == null) {
      throw new IllegalStateException("influxd not found: install it with `" + INSTALL + "`");
    }
    dir = Files.createTempDirectory("fulcrum-influxd-");
    httpPort = freePort();
    int rpcPort = freePort();
    Files.writeString(
        dir.resolve("influxdb.conf"),
        String.join(
            "\n",
            "reporting-enabled = false",
            "bind-address = \"127.0.0.1:" + rpcPort + "\"",
            "[meta]",
            "  dir = \"" + dir.resolve("meta") + "\"",
            "[data]",
            "  dir = \"" + dir.resolve("data") + "\"",
            "  wal-dir = \"" + dir.resolve("wal") + "\"",
            "  query-log-enabled = false",
            "[http]",
            "  bind-address = \"127.0.0.1:" + httpPort + "\"",
            "  log-enabled = false",
            "  auth-enabled = " + authentication,
            "[monitor]",
            "  store-enabled = false",
            "[continuous_queries]",
            "  enabled = false",
            "[logging]",
            "  level = \"warn\"",
            ""));
    start(influxd);
    if (authentication) { // allowed without credentials while no admin exists
      query("CREATE USER " + ADMIN + " WITH PASSWORD '" + ADMIN_PASSWORD + "' WITH ALL PRIVILEGES");
      adminExists = true;
    }
    query("CREATE DATABASE " + DATABASE);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /** Stops the server and deletes its folder. */
  @Override
  public void close() throws IOException {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Base URL, e.g. {@code http://127.0.0.1:34567}. */
  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** Kills the server at once (SIGKILL), as a crash would. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** Starts the server again on the same port and data after {@link #kill()}. */
  public void restart() throws Exception {
    kill();
    start(findInfluxd());
  }

  private void start(Path influxd) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                influxd.toString(),
                "run",
                "-config",
                dir.resolve("influxdb.conf").toString(),
                "-pidfile",
                dir.resolve("influxd.pid").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()));
    process = pb.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    // Bounded: at most START_TIMEOUT, polling every 50 ms.
    for (int attempt = 0; attempt < 400 && System.nanoTime() < deadline; attempt++) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "influxd exited with "
                + process.exitValue()
                + ": "
                + Files.readString(dir.resolve("influxd.log")));
      }
      if (pingStatus() == 204) {
        return;
      }
      Thread.sleep(50);
    }
    kill();
    throw new IllegalStateException("influxd did not answer /ping within " + START_TIMEOUT);
  }

  private void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      process = null;
    }
  }

  private int pingStatus() {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url() + "/ping"))
                  .timeout(Duration.ofSeconds(1))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Writes line protocol (millisecond timestamps) to the test database. */
  public void write(String... lines) throws IOException, InterruptedException {
    write(List.of(lines));
  }

  /** Writes line protocol (millisecond timestamps) to the test database. */
  public void write(List<String> lines) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            authenticated(
                    HttpRequest.newBuilder(
                        URI.create(url() + "/write?db=" + DATABASE + "&precision=ms")))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 204) {
      throw new IllegalStateException("write failed: HTTP " + r.statusCode() + " " + r.body());
    }
  }

  /** Runs InfluxQL on the test database; returns the JSON answer (epoch=ms). */
  public String query(String influxQl) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            authenticated(
                    HttpRequest.newBuilder(
                        URI.create(url() + "/query?db=" + DATABASE + "&epoch=ms")))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "q=" + URLEncoder.encode(influxQl, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("query failed: HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  private HttpRequest.Builder authenticated(HttpRequest.Builder b) {
    if (authentication && adminExists) {
      b.header(
          "Authorization",
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString((ADMIN + ':' + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    return b;
  }

  private static Path findInfluxd() {
    String override = System.getenv("FULCRUM_INFLUXD");
    if (override != null && !override.isBlank()) { // also how to check the missing-influxd path
      Path p = Path.of(override);
      return Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        Path p = Path.of(d, "influxd");
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
      Path p = Path.of(d, "influxd");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
