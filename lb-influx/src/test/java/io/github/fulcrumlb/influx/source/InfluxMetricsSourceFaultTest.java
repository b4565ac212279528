package io.github.fulcrumlb.influx.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.InfluxCredentials;
import io.github.fulcrumlb.influx.testing.FakeHttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A server that is slow, answers garbage or refuses credentials: a fake one on 127.0.0.1. */
class InfluxMetricsSourceFaultTest {
  private static final String SECRET = "s3cret-pass-77";

  private static InfluxMetricsSource.Builder source(String url, InfluxCredentials credentials) {
    InfluxConnection c =
        InfluxConnection.builder(url)
            .database("telegraf")
            .credentials(credentials)
            .timeout(Duration.ofMillis(300))
            .build();
    return InfluxMetricsSource.builder(c).backends(List.of(Backend.of("a", "h", 1)));
  }

  @Test
  void aSlowServerTimesOutAndLatestNeverWaits() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch arrived = new CountDownLatch(1);
    try (FakeHttpServer server =
            new FakeHttpServer(
                ex -> {
                  arrived.countDown();
                  release.await(5, TimeUnit.SECONDS);
                });
        InfluxMetricsSource background =
            source(server.url(), InfluxCredentials.none()).interval(Duration.ofSeconds(1)).build();
        InfluxMetricsSource manual =
            source(server.url(), InfluxCredentials.none()).manualRefresh().build()) {
      assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue(); // background refresh is stuck now
      long start = System.nanoTime();
      assertThat(background.latest()).isEmpty();
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(50));

      start = System.nanoTime();
      assertThat(manual.refresh()).isFalse();
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
      assertThat(manual.status().lastError()).isPresent();
    } finally {
      release.countDown();
    }
  }

  @Test
  void aValueThatIsNotANumberIsRejectedAndCountedNotAFailedRefresh() throws Exception {
    String body =
        "{\"results\":[{\"statement_id\":0,"
            + "\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"h\"},\"columns\":[\"time\","
            + "\"usage_idle\"],\"values\":[[1,\"many\"]]}]}]}";
    try (FakeHttpServer server = new FakeHttpServer(ex -> FakeHttpServer.respond(ex, 200, body));
        InfluxMetricsSource s =
            source(server.url(), InfluxCredentials.none())
                .hostTags(HostTagMapping.BACKEND_HOST)
                .manualRefresh()
                .build()) {
      assertThat(s.refresh()).isTrue();
      assertThat(s.latest()).isEmpty();
      assertThat(s.status().rejectedValues()).isEqualTo(1);
    }
  }

  @Test
  void garbageIsAFailedRefreshNotAnException() throws Exception {
    for (String body :
        List.of(
            "not json at all",
            "{\"results\":[{\"statement_id\":0," + "\"error\":\"database not found: x\"}]}",
            "")) {
      try (FakeHttpServer server = new FakeHttpServer(ex -> FakeHttpServer.respond(ex, 200, body));
          InfluxMetricsSource s =
              source(server.url(), InfluxCredentials.none()).manualRefresh().build()) {
        assertThat(s.refresh()).as(body).isFalse();
        assertThat(s.latest()).isEmpty();
      }
    }
  }

  @Test
  void credentialsTravelOnlyInTheHeaderAndNeverInLogsStatusOrToString() throws Exception {
    List<String> logged = new ArrayList<>();
    Logger jul = Logger.getLogger(InfluxMetricsSource.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(capture);
    try (FakeHttpServer server =
            new FakeHttpServer(
                ex -> FakeHttpServer.respond(ex, 401, "{\"error\":\"authorization failed\"}"));
        InfluxMetricsSource s =
            source(server.url(), InfluxCredentials.userPassword("fulcrum", SECRET))
                .manualRefresh()
                .build()) {
      assertThat(s.refresh()).isFalse();
      assertThat(server.received()).hasSize(1);
      assertThat(server.received().get(0).authorization()).startsWith("Basic ");
      assertThat(server.received().get(0).uri()).doesNotContain(SECRET).doesNotContain("fulcrum");
      assertThat(logged).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(SECRET));
      assertThat(s.status().lastError())
          .get()
          .asString()
          .contains("authorization failed")
          .doesNotContain(SECRET);
      assertThat(s.toString()).doesNotContain(SECRET);
    } finally {
      jul.removeHandler(capture);
    }
  }

  @Test
  void aTokenIsSentAsTokenAuthorizationOnQueries() throws Exception {
    try (FakeHttpServer server =
            new FakeHttpServer(
                ex -> FakeHttpServer.respond(ex, 200, "{\"results\":[{\"statement_id\":0}]}"));
        InfluxMetricsSource s =
            source(server.url(), InfluxCredentials.token("tok-" + SECRET))
                .manualRefresh()
                .build()) {
      assertThat(s.refresh()).isTrue();
      assertThat(server.received())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.authorization()).isEqualTo("Token tok-" + SECRET);
                assertThat(r.uri())
                    .startsWith("/query?db=telegraf")
                    .contains("epoch=ms")
                    .doesNotContain(SECRET);
                assertThat(r.body()).startsWith("q=SELECT");
              });
      assertThat(s.toString()).doesNotContain(SECRET);
    }
  }
}
