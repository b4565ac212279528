package io.github.fulcrumlb.influx.query;

import static com.google.common.base.Preconditions.checkNotNull;

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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

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
            .socketFactory(new NoDelaySocketFactory());
    authorization.ifPresent(
        value ->
            b.addInterceptor(
                chain ->
                    chain.proceed(
                        chain.request().newBuilder().header("Authorization", value).build())));
    return b;
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
    InfluxQLQuery q =
        new InfluxQLQuery(query.text(hosts), connection.database(), InfluxQLQuery.AcceptHeader.JSON)
            .setRetentionPolicy(connection.retentionPolicy().orElse(null))
            .setPrecision(InfluxQLQuery.InfluxQLPrecision.MILLISECONDS);
    InfluxQLQueryResult result = api.query(q, TelegrafMetricsQuery.VALUES);
    return query.parse(result);
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
