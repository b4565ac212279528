package io.github.fulcrumlb.influx.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server on 127.0.0.1 that answers every request with what the test says (slow,
 * garbage, 401...) and records what it received.
 *
 * <pre>{@code
 * try (FakeHttpServer server = new FakeHttpServer(ex -> FakeHttpServer.respond(ex, 200, "nope"))) {
 *   ...server.url()...
 * }
 * }</pre>
 */
public final class FakeHttpServer implements AutoCloseable {
  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange) throws Exception;
  }

  /** One received request. */
  public record Received(String method, String uri, String authorization, String body) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  public FakeHttpServer(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "fake-influx");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/",
        ex -> {
          try (InputStream in = ex.getRequestBody()) {
            received.add(
                new Received(
                    ex.getRequestMethod(),
                    ex.getRequestURI().toString(),
                    ex.getRequestHeaders().getFirst("Authorization"),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            handler.handle(ex);
          } catch (Exception e) {
            // the client may have given up (timeouts): nothing to answer
          } finally {
            ex.close();
          }
        });
    server.start();
  }

  /** Sends a status and a body. */
  public static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
