package io.github.fulcrumlb.examples.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoint behind {@code --metrics-listen HOST:PORT}: {@code GET /metrics} answers with
 * every meter of its {@link PrometheusMeterRegistry} in Prometheus' text format, {@code GET
 * /health} with 200 while the health check says "up" and 503 otherwise, with a one-line reason. The
 * JDK's HTTP server on one daemon thread: a scrape reads counters and never touches the data plane.
 *
 * <pre>{@code
 * MetricsEndpoint endpoint = MetricsEndpoint.start(address("127.0.0.1:9464"), () -> health(lb));
 * new LoadBalancerMetrics(lb).bindTo(endpoint.registry());
 * }</pre>
 */
public final class MetricsEndpoint implements AutoCloseable {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final HttpServer server;
  private final ExecutorService executor;
  private volatile Supplier<Health> health;

  /** What {@code /health} answers: up or down, and why (one line). */
  public record Health(boolean up, String reason) {}

  private MetricsEndpoint(
      PrometheusMeterRegistry registry, HttpServer server, ExecutorService executor) {
    this.registry = registry;
    this.server = server;
    this.executor = executor;
    this.health = () -> new Health(false, "starting");
  }

  /**
   * Binds {@code address} and serves at once; {@code /health} says "starting" (503) until {@link
   * #health(Supplier)} is set.
   *
   * @throws IllegalStateException if the address cannot be bound, naming it
   */
  public static MetricsEndpoint start(InetSocketAddress address) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new IllegalStateException(
          "--metrics-listen "
              + address.getHostString()
              + ":"
              + address.getPort()
              + " cannot be bound ("
              + e.getMessage()
              + "): choose a free port",
          e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fulcrum-metrics-http");
              t.setDaemon(true);
              return t;
            });
    MetricsEndpoint endpoint =
        new MetricsEndpoint(
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), server, executor);
    server.createContext("/metrics", endpoint::metrics);
    server.createContext("/health", endpoint::health);
    server.setExecutor(executor);
    server.start();
    return endpoint;
  }

  /** The registry that {@code /metrics} exposes: bind meters here. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The address it listens on (with the chosen port if 0 was given). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** What {@code /health} asks, on every request. */
  public void health(Supplier<Health> check) {
    this.health = check;
  }

  private void metrics(HttpExchange exchange) throws IOException {
    if (!exact(exchange, "/metrics")) {
      return;
    }
    respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
  }

  private void health(HttpExchange exchange) throws IOException {
    if (!exact(exchange, "/health")) {
      return;
    }
    Health h;
    try {
      h = health.get();
    } catch (RuntimeException e) {
      h = new Health(false, "health check failed: " + e);
    }
    respond(
        exchange,
        h.up() ? 200 : 503,
        "text/plain; charset=utf-8",
        (h.up() ? "up: " : "down: ") + h.reason() + "\n");
  }

  private static boolean exact(HttpExchange exchange, String path) throws IOException {
    if (!exchange.getRequestURI().getPath().equals(path)) {
      respond(exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics or /health\n");
      return false;
    }
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      respond(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
      return false;
    }
    return true;
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  /** Stops serving at once and closes the registry. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    registry.close();
  }
}
