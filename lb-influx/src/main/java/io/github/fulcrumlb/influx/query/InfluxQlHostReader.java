package io.github.fulcrumlb.influx.query;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.gson.stream.JsonReader;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.InfluxQLQueryApi;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.query.InfluxQLQueryResult;
import io.github.fulcrumlb.influx.InfluxConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.SocketFactory;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Sends a {@link TelegrafMetricsQuery} to InfluxDB through influxdb-client-java's {@link
 * InfluxQLQueryApi} ({@code /query}, JSON, {@code epoch=ms}) and parses the answer. Every call is
 * bounded by the connection's timeout (connect, read, write and the whole call); credentials go in
 * the {@code Authorization} header only. Thread-safe; close it to release the HTTP client.
 *
 * <pre>{@code
 * try (InfluxQlHostReader reader = new InfluxQlHostReader(connection,
 *     new TelegrafMetricsQuery(TelegrafSchema.DEFAULT, Duration.ofMinutes(5)))) {
 *   Map<String, HostReading> readings = reader.read(Set.of("node-5", "node-6"));
 * }
 * }</pre>
 */
public final class InfluxQlHostReader implements HostReader, AutoCloseable {
  private final InfluxConnection connection;
  private final TelegrafMetricsQuery query;
  private final InfluxDBClient client;
  private final InfluxQLQueryApi api;

  /**
   * @param connection the server
   * @param query the query to send
   */
  public InfluxQlHostReader(InfluxConnection connection, TelegrafMetricsQuery query) {
    this.connection = checkNotNull(connection, "connection");
    this.query = checkNotNull(query, "query");
    this.client =
        InfluxDBClientFactory.create(
            InfluxDBClientOptions.builder()
                .url(connection.url())
                .okHttpClient(httpClient(connection))
                .build());
    this.api = client.getInfluxQLQueryApi();
  }

  static OkHttpClient.Builder httpClient(InfluxConnection connection) {
    Optional<String> authorization = connection.credentials().authorizationHeader();
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .protocols(java.util.List.of(Protocol.HTTP_1_1))
            .connectTimeout(connection.timeout())
            .readTimeout(connection.timeout())
            .writeTimeout(connection.timeout())
            .callTimeout(connection.timeout())
            .retryOnConnectionFailure(false)
            // Without TCP_NODELAY, OkHttp's separate writes of headers and form body meet Nagle's
            // algorithm and the server's delayed ACK: every query waited ~40 ms more on loopback.
            .socketFactory(new NoDelaySocketFactory())
            .addInterceptor(new StatementErrorCheck());
    authorization.ifPresent(
        value ->
            b.addInterceptor(
                chain ->
                    chain.proceed(
                        chain.request().newBuilder().header("Authorization", value).build())));
    return b;
  }

  /**
   * Fails an answer whose statements carry an error. InfluxDB 1.x answers {@code /query} with HTTP
   * 200 and the error inside, per statement ({@code {"results":[{"statement_id":0,"error":
   * "database not found: x"}]}}); influxdb-client-java's JSON reader drops that field, so without
   * this a missing database, retention policy or permission read as "no data" and counted as a
   * successful refresh. Reads a peeked copy (at most {@link #MAX_PEEK_BYTES}) with Gson's streaming
   * reader, skipping the values.
   */
  static final class StatementErrorCheck implements Interceptor {
    static final long MAX_PEEK_BYTES = 16L << 20;

    @Override
    public Response intercept(Chain chain) throws IOException {
      Response response = chain.proceed(chain.request());
      if (!response.isSuccessful() || !chain.request().url().encodedPath().endsWith("/query")) {
        return response;
      }
      String error;
      try (JsonReader json = new JsonReader(response.peekBody(MAX_PEEK_BYTES).charStream())) {
        error = firstError(json);
      } catch (IOException | RuntimeException e) {
        error = null; // not JSON, or larger than the peek: the client's own reader decides
      }
      if (error != null) {
        response.close();
        throw new IOException("InfluxDB answered with an error: " + error);
      }
      return response;
    }

    /** The first error in the answer ("statement N: ..." for a statement's), or null. */
    static String firstError(JsonReader json) throws IOException {
      json.beginObject();
      while (json.hasNext()) {
        String name = json.nextName();
        if (name.equals("error")) {
          return json.nextString();
        }
        if (!name.equals("results")) {
          json.skipValue();
          continue;
        }
        json.beginArray();
        while (json.hasNext()) {
          json.beginObject();
          String statement = "?";
          while (json.hasNext()) {
            String field = json.nextName();
            if (field.equals("statement_id")) {
              statement = json.nextString();
            } else if (field.equals("error")) {
              return "statement " + statement + ": " + json.nextString();
            } else {
              json.skipValue();
            }
          }
          json.endObject();
        }
        json.endArray();
      }
      return null;
    }
  }

  /** Plain sockets with TCP_NODELAY set. */
  private static final class NoDelaySocketFactory extends SocketFactory {
    private final SocketFactory plain = SocketFactory.getDefault();

    private static Socket noDelay(Socket s) throws IOException {
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(plain.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(plain.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(plain.createSocket(host, port, local, localPort));
    }
  }

  @Override
  public Map<String, HostReading> read(Set<String> hosts) {
    if (hosts.isEmpty()) {
      return Map.of();
    }
    List<String> statements = query.statements(hosts);
    InfluxQLQueryResult result;
    try {
      result = api.query(request(String.join("; ", statements)), TelegrafMetricsQuery.VALUES);
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains(NOT_EXECUTED)) {
        // InfluxDB 1.x answers a batch on a missing database or retention policy with only "not
        // executed"; the first statement alone says why ("database not found: x").
        api.query(request(statements.get(0)), TelegrafMetricsQuery.VALUES);
      }
      throw e;
    }
    return query.parse(result);
  }

  private static final String NOT_EXECUTED = "not executed";

  private InfluxQLQuery request(String text) {
    return new InfluxQLQuery(text, connection.database(), InfluxQLQuery.AcceptHeader.JSON)
        .setRetentionPolicy(connection.retentionPolicy().orElse(null))
        .setPrecision(InfluxQLQuery.InfluxQLPrecision.MILLISECONDS);
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "InfluxQlHostReader{" + connection + ", " + query + '}';
  }
}
