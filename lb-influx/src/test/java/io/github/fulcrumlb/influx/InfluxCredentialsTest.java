package io.github.fulcrumlb.influx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InfluxCredentialsTest {
  @Test
  void secretsNeverAppearInToString() {
    InfluxConnection c =
        InfluxConnection.builder("http://127.0.0.1:8086")
            .credentials(InfluxCredentials.userPassword("fulcrum", "s3cret-pass"))
            .build();
    assertThat(c.toString()).contains("fulcrum").doesNotContain("s3cret");
    assertThat(InfluxCredentials.token("tok-123456").toString()).doesNotContain("tok-123456");
  }

  @Test
  void authorizationHeaderIsBasicForUsersAndTokenForTokens() {
    assertThat(InfluxCredentials.userPassword("u", "p").authorizationHeader())
        .contains("Basic dTpw");
    assertThat(InfluxCredentials.token("t").authorizationHeader()).contains("Token t");
    assertThat(InfluxCredentials.none().authorizationHeader()).isEmpty();
  }
}
