package io.github.fulcrumlb.nomad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.Backend;
import java.util.List;
import org.junit.jupiter.api.Test;

class NomadRegistrationsTest {

  @Test
  void turnsEachRegistrationIntoABackendNamedByAddressAndPort() {
    String body =
        FakeNomad.array(
            FakeNomad.registration("echo", "b1e2", "192.168.56.6", 24701, 14, 24),
            FakeNomad.registration("echo", "a0c1", "192.168.56.5", 28317, 12, 22));

    List<Backend> backends = NomadRegistrations.parse(body);

    assertThat(backends)
        .extracting(Backend::id)
        .containsExactly("192.168.56.5:28317", "192.168.56.6:24701");
    Backend first = backends.get(0);
    assertThat(first.host()).isEqualTo("192.168.56.5");
    assertThat(first.port()).isEqualTo(28317);
    assertThat(first.weight()).isEqualTo(1);
    assertThat(first.metadata())
        .containsEntry("nomad.alloc_id", "a0c1")
        .containsEntry("nomad.id", "_nomad-task-a0c1-echo-echo-echo-udp")
        .containsEntry("nomad.node_id", "7406e90b-de16-d118-80fe-60d0f2730cb3")
        .containsEntry("nomad.job_id", "fulcrum-echo")
        .containsEntry("nomad.datacenter", "dc1")
        .containsEntry("nomad.namespace", "default")
        .containsEntry("nomad.tags", "udp,fulcrum");
  }

  @Test
  void skipsRegistrationsWithoutAddressOrPortAndCountsAnAddressOnce() {
    String body =
        FakeNomad.array(
            FakeNomad.registration("echo", "a", "", 9000, 1, 1),
            FakeNomad.registration("echo", "b", "10.0.0.1", 0, 1, 1),
            FakeNomad.registration("echo", "c", "10.0.0.2", 9000, 1, 1),
            FakeNomad.registration("echo", "d", "10.0.0.2", 9000, 1, 1),
            FakeNomad.registration("echo", "e", "fd00::7", 9000, 1, 1));

    assertThat(NomadRegistrations.parse(body))
        .extracting(Backend::id)
        .containsExactly("10.0.0.2:9000", "[fd00::7]:9000");
  }

  @Test
  void anEmptyServiceIsAnEmptyList() {
    assertThat(NomadRegistrations.parse("[]")).isEmpty();
  }

  @Test
  void rejectsBodiesThatAreNotAnArrayOfRegistrations() {
    assertThatThrownBy(() -> NomadRegistrations.parse("<html>proxy error</html>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> NomadRegistrations.parse("{\"error\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an array");
    assertThatThrownBy(() -> NomadRegistrations.parse("[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object");
  }
}
