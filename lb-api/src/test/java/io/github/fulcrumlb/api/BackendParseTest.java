package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackendParseTest {

  @Test
  void parsesHostAndPortAndUsesTheTextAsId() {
    Backend b = Backend.parse("192.168.56.5:9000");

    assertThat(b.id()).isEqualTo("192.168.56.5:9000");
    assertThat(b.host()).isEqualTo("192.168.56.5");
    assertThat(b.port()).isEqualTo(9000);
    assertThat(b.weight()).isEqualTo(1);
  }

  @Test
  void parsesHostName() {
    Backend b = Backend.parse("localhost:8080");

    assertThat(b.host()).isEqualTo("localhost");
    assertThat(b.port()).isEqualTo(8080);
  }

  @Test
  void stripsBracketsOfAnIpv6Address() {
    Backend b = Backend.parse("[::1]:53");

    assertThat(b.id()).isEqualTo("[::1]:53");
    assertThat(b.host()).isEqualTo("::1");
    assertThat(b.port()).isEqualTo(53);
  }

  @Test
  void parsesFullIpv6Address() {
    Backend b = Backend.parse("[2001:db8::7]:8443");

    assertThat(b.host()).isEqualTo("2001:db8::7");
    assertThat(b.port()).isEqualTo(8443);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "localhost:", ":80", "[::1]"})
  void rejectsMissingPortOrHostNamingTheText(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backend.parse(text))
        .withMessageContaining("Backend address")
        .withMessageContaining('"' + text + '"');
  }

  @ParameterizedTest
  @ValueSource(strings = {"::1", "::1:53", "2001:db8::7:80", "[::1:53"})
  void rejectsIpv6AddressWithoutBrackets(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backend.parse(text))
        .withMessageContaining("Backend address")
        .withMessageContaining('"' + text + '"');
  }

  @ParameterizedTest
  @ValueSource(strings = {"host:http", "host:80x", "host:1.5", "host:99999999999"})
  void rejectsPortThatIsNotANumberNamingTheText(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backend.parse(text))
        .withMessageContaining("port must be a number")
        .withMessageContaining('"' + text + '"');
  }

  @ParameterizedTest
  @ValueSource(strings = {"host:70000", "host:65536", "host:-1"})
  void rejectsPortOutOfRangeNamingField(String text) {
    String port = text.substring(text.indexOf(':') + 1);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backend.parse(text))
        .withMessageContaining("Backend.port")
        .withMessageContaining("but was " + port);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void rejectsBlankText(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backend.parse(text))
        .withMessageContaining("Backend address");
  }

  @Test
  void rejectsNull() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backend.parse(null))
        .withMessageContaining("Backend address")
        .withMessageContaining("null");
  }
}
