package io.github.fulcrumlb.nomad;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Nomad's {@code /v1/service/:name} on 127.0.0.1, with blocking queries as Nomad does them: a
 * request whose {@code index} is below the current index answers at once; otherwise it waits for a
 * change or its {@code wait}. Tests set the registrations ({@link #set}), queue one-off faults
 * ({@link #fail}, a hang: {@code fail(0)}), and read what was requested ({@link #requests()}).
 */
final class FakeNomad implements AutoCloseable {
  /** One received request: its path and query, and the X-Nomad-Token header. */
  record Request(String path, Map<String, String> query, String token, long nanoTime) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Integer> faults = new ArrayDeque<>();
  private String requiredToken;
  private long index = 10;
  private String body = "[]";
  private boolean sendIndex = true;

  FakeNomad() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-nomad");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/v1/service/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The service's registrations (a JSON array) at a new index; wakes blocked queries. */
  synchronized void set(long newIndex, String json) {
    index = newIndex;
    body = json;
    notifyAll();
  }

  /** The next request answers with this HTTP status (0: never answers, as a hung server). */
  synchronized void fail(int status) {
    faults.add(status);
  }

  /** Requests without this X-Nomad-Token get 403, as Nomad with ACLs on. */
  synchronized void requireToken(String token) {
    requiredToken = token;
  }

  /** Whether responses carry X-Nomad-Index. */
  synchronized void sendIndex(boolean value) {
    sendIndex = value;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @SuppressWarnings("WaitNotInLoop") // a hang: any wake-up may end it
  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      Map<String, String> query = new java.util.TreeMap<>();
      if (uri.getRawQuery() != null) {
        for (String kv : uri.getRawQuery().split("&")) {
          int eq = kv.indexOf('=');
          query.put(
              kv.substring(0, eq),
              java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      String token = ex.getRequestHeaders().getFirst("X-Nomad-Token");
      requests.add(new Request(uri.getPath(), query, token, System.nanoTime()));
      long answerIndex;
      String answer;
      synchronized (this) {
        Integer fault = faults.poll();
        if (fault != null) {
          if (fault == 0) {
            wait(TimeUnit.SECONDS.toMillis(30)); // hung: the client's timeout must fire first
            return;
          }
          send(ex, fault, "{\"error\":\"fake failure " + fault + "\"}", -1);
          return;
        }
        if (requiredToken != null && !requiredToken.equals(token)) {
          send(ex, 403, "Permission denied", -1);
          return;
        }
        long asked = Long.parseLong(query.getOrDefault("index", "0"));
        long waitMs = query.containsKey("wait") ? goMillis(query.get("wait")) : 0;
        long deadline = System.currentTimeMillis() + waitMs;
        while (asked > 0 && asked >= index && System.currentTimeMillis() < deadline) {
          wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        answerIndex = sendIndex ? index : -1;
        answer = body;
      }
      send(ex, 200, answer, answerIndex);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up (its timeout): nothing to answer
    }
  }

  private static long goMillis(String d) {
    if (d.endsWith("ms")) {
      return Long.parseLong(d.substring(0, d.length() - 2));
    }
    if (d.endsWith("s")) {
      return Long.parseLong(d.substring(0, d.length() - 1)) * 1000;
    }
    if (d.endsWith("m")) {
      return Long.parseLong(d.substring(0, d.length() - 1)) * 60_000;
    }
    throw new IllegalArgumentException("wait " + d);
  }

  private static void send(HttpExchange ex, int status, String text, long index)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    if (index >= 0) {
      ex.getResponseHeaders().set("X-Nomad-Index", Long.toString(index));
      ex.getResponseHeaders().set("X-Nomad-KnownLeader", "true");
      ex.getResponseHeaders().set("X-Nomad-LastContact", "0");
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      notifyAll();
    }
    server.stop(0);
  }

  /** One registration as Nomad's API returns it. */
  static String registration(
      String service, String alloc, String address, int port, long create, long modify) {
    return """
    {
      "Address": "%s",
      "AllocID": "%s",
      "CreateIndex": %d,
      "Datacenter": "dc1",
      "ID": "_nomad-task-%s-echo-echo-%s-udp",
      "JobID": "fulcrum-echo",
      "ModifyIndex": %d,
      "Namespace": "default",
      "NodeID": "7406e90b-de16-d118-80fe-60d0f2730cb3",
      "Port": %d,
      "ServiceName": "%s",
      "Tags": ["udp", "fulcrum"]
    }\
    """
        .formatted(address, alloc, create, alloc, service, modify, port, service);
  }

  static String array(String... registrations) {
    return "[" + String.join(",", registrations) + "]";
  }
}
