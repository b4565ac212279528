package io.github.fulcrumlb.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.influx.source.HostTagMapping;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InfluxConnectionTest {
  @Test
  void rejectsCredentialsOrAQueryInTheUrlAndUnboundedTimeouts() {
    assertThatThrownBy(() -> InfluxConnection.builder("http://u:p@127.0.0.1:8086"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentials(")
        .hasMessageNotContaining("u:p");
    assertThatThrownBy(() -> InfluxConnection.builder("http://127.0.0.1:8086?u=a&p=b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InfluxConnection.builder("ftp://u:secret@127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> InfluxConnection.builder("ftp://127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InfluxConnection.builder("http://127.0.0.1").timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnparsableUrlWithAPasswordIsReportedWithoutThePassword() {
    assertThatThrownBy(() -> InfluxConnection.builder("http://ops:s3cret pw@influx:8086"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a URL")
        .hasMessageContaining("http://****@influx:8086")
        .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain("s3cret"));
  }

  private static String stackTraceOf(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void bucketDefaultsToDatabaseAndRetentionPolicy() {
    InfluxConnection c =
        InfluxConnection.builder("http://127.0.0.1:8086/")
            .database("telegraf")
            .retentionPolicy("autogen")
            .build();
    assertThat(c.url()).isEqualTo("http://127.0.0.1:8086");
    assertThat(c.bucket()).isEqualTo("telegraf/autogen");
    assertThat(c.writeApi()).isEqualTo(InfluxConnection.WriteApi.AUTO);
  }

  @Test
  void hostTagsComeFromIdHostOrMetadataWithTheIdAsFallback() {
    Backend b = Backend.of("node-5", "10.0.0.5", 80);
    assertThat(HostTagMapping.BACKEND_ID.hostTag(b)).isEqualTo("node-5");
    assertThat(HostTagMapping.BACKEND_HOST.hostTag(b)).isEqualTo("10.0.0.5");
    assertThat(HostTagMapping.metadata("telegraf-host").hostTag(b)).isEqualTo("node-5");
    assertThat(
            HostTagMapping.metadata("telegraf-host")
                .hostTag(b.withMetadata("telegraf-host", "nomad-client-5")))
        .isEqualTo("nomad-client-5");
  }
}
