package io.github.fulcrumlb.influx.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.influx.InfluxConnection;
import io.github.fulcrumlb.influx.InfluxCredentials;
import io.github.fulcrumlb.influx.testing.FakeHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Paths, headers, batching and drops, against a fake server on 127.0.0.1. */
class LineProtocolWriterTest {
  private static LinePoint point(int i) {
    return LinePoint.measurement("m").tag("k", "v").field("i", (long) i).timeMillis(1_000L + i);
  }

  @Test
  void detectsA2xServerAndWritesToApiV2WriteWithTheToken() throws Exception {
    try (FakeHttpServer server =
            new FakeHttpServer(
                ex -> {
                  if (ex.getRequestURI().getPath().equals("/ping")) {
                    ex.getResponseHeaders().add("X-Influxdb-Version", "v2.7.11");
                  }
                  FakeHttpServer.respond(ex, 204, "");
                });
        LineProtocolWriter writer =
            LineProtocolWriter.builder(
                    InfluxConnection.builder(server.url())
                        .database("telegraf")
                        .org("ops")
                        .bucket("fulcrum")
                        .credentials(InfluxCredentials.token("tok-1"))
                        .build())
                .build()) {
      writer.offer(point(1));
      writer.offer(point(2));
      assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(writer.writeApi()).isEqualTo(InfluxConnection.WriteApi.V2);
      List<FakeHttpServer.Received> writes =
          server.received().stream()
              .filter(r -> !r.uri().equals("/ping"))
              .toList(); // one or two batches
      assertThat(writes)
          .isNotEmpty()
          .allSatisfy(
              w -> {
                assertThat(w.uri()).isEqualTo("/api/v2/write?bucket=fulcrum&org=ops&precision=ms");
                assertThat(w.authorization()).isEqualTo("Token tok-1");
              });
      assertThat(String.join("\n", writes.stream().map(FakeHttpServer.Received::body).toList()))
          .isEqualTo("m,k=v i=1i 1001\nm,k=v i=2i 1002");
      assertThat(writer.stats().written()).isEqualTo(2);
    }
  }

  @Test
  void configured1xWritesToWriteWithDatabaseAndRetentionPolicy() throws Exception {
    try (FakeHttpServer server = new FakeHttpServer(ex -> FakeHttpServer.respond(ex, 204, ""));
        LineProtocolWriter writer =
            LineProtocolWriter.builder(
                    InfluxConnection.builder(server.url())
                        .database("tele graf")
                        .retentionPolicy("short")
                        .writeApi(InfluxConnection.WriteApi.V1)
                        .build())
                .build()) {
      writer.offer(point(1));
      assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(server.received())
          .singleElement()
          .satisfies(
              r -> assertThat(r.uri()).isEqualTo("/write?db=tele+graf&rp=short&precision=ms"));
    }
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    CountDownLatch firstArrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (FakeHttpServer server =
            new FakeHttpServer(
                ex -> {
                  firstArrived.countDown();
                  release.await(5, TimeUnit.SECONDS);
                  FakeHttpServer.respond(ex, 204, "");
                });
        LineProtocolWriter writer =
            LineProtocolWriter.builder(
                    InfluxConnection.builder(server.url())
                        .writeApi(InfluxConnection.WriteApi.V1)
                        .timeout(Duration.ofSeconds(5))
                        .build())
                .capacity(3)
                .build()) {
      assertThat(writer.offer(point(0))).isTrue();
      assertThat(firstArrived.await(5, TimeUnit.SECONDS)).isTrue(); // the writer is busy now
      long start = System.nanoTime();
      int accepted = 0;
      for (int i = 1; i <= 5; i++) {
        accepted += writer.offer(point(i)) ? 1 : 0;
      }
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
      assertThat(accepted).isEqualTo(3);
      assertThat(writer.stats().dropped()).isEqualTo(2);
      release.countDown();
      assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(writer.stats().written()).isEqualTo(4);
      assertThat(server.received()).hasSize(2); // 1 point, then the 3 queued ones in one batch
    } finally {
      release.countDown();
    }
  }

  @Test
  void aRefusedBatchIsCountedAsFailed() throws Exception {
    try (FakeHttpServer server =
            new FakeHttpServer(
                ex -> FakeHttpServer.respond(ex, 400, "{\"error\":\"unable to parse\"}"));
        LineProtocolWriter writer =
            LineProtocolWriter.builder(
                    InfluxConnection.builder(server.url())
                        .writeApi(InfluxConnection.WriteApi.V1)
                        .build())
                .build()) {
      writer.offer(point(1));
      assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(writer.stats().failed()).isEqualTo(1);
      assertThat(writer.stats().written()).isZero();
    }
  }

  @Test
  void rejectsPointsWithoutATime() throws Exception {
    try (LineProtocolWriter writer =
        LineProtocolWriter.builder(InfluxConnection.builder("http://127.0.0.1:9").build())
            .build()) {
      assertThatThrownBy(() -> writer.offer(LinePoint.measurement("m").field("f", 1L)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
