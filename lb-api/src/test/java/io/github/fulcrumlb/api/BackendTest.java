package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendTest {

  @Test
  void ofGivesWeightOneAndNoMetadata() {
    Backend b = Backend.of("node-1", "10.0.0.1", 9000);

    assertThat(b.id()).isEqualTo("node-1");
    assertThat(b.host()).isEqualTo("10.0.0.1");
    assertThat(b.port()).isEqualTo(9000);
    assertThat(b.weight()).isEqualTo(1);
    assertThat(b.metadata()).isEmpty();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "\t"})
  void rejectsEmptyOrBlankIdNamingField(String id) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backend.of(id, "h", 1))
        .withMessageContaining("Backend.id")
        .withMessageContaining(id == null ? "null" : '"' + id + '"');
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  "})
  void rejectsEmptyOrBlankHostNamingField(String host) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backend.of("a", host, 1))
        .withMessageContaining("Backend.host")
        .withMessageContaining(host == null ? "null" : '"' + host + '"');
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65_536, 70_000, Integer.MIN_VALUE})
  void rejectsPortOutsideZeroTo65535NamingValue(int port) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backend.of("a", "h", port))
        .withMessageContaining("Backend.port")
        .withMessageContaining(String.valueOf(port));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65_535})
  void acceptsPortsAtTheEdgesOfTheRange(int port) {
    assertThat(Backend.of("a", "h", port).port()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -3, Backend.MAX_WEIGHT + 1})
  void rejectsWeightOutsideOneToMaxNamingValue(int weight) {
    Backend b = Backend.of("a", "h", 1);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> b.withWeight(weight))
        .withMessageContaining("Backend.weight")
        .withMessageContaining("but was " + weight);
  }

  @Test
  void withWeightKeepsEverythingElse() {
    Backend b = Backend.of("a", "h", 7).withMetadata("zone", "eu").withWeight(Backend.MAX_WEIGHT);

    assertThat(b).isEqualTo(new Backend("a", "h", 7, Backend.MAX_WEIGHT, Map.of("zone", "eu")));
  }

  @Test
  void rejectsNullMetadata() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Backend("a", "h", 1, 1, null))
        .withMessageContaining("Backend.metadata");
  }

  @Test
  void rejectsNullMetadataValueNamingTheKey() {
    Map<String, String> metadata = new HashMap<>();
    metadata.put("zone", null);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Backend("a", "h", 1, 1, metadata))
        .withMessageContaining("Backend.metadata[zone]");
  }

  @Test
  void rejectsBlankMetadataKey() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backend.of("a", "h", 1).withMetadata(" ", "x"))
        .withMessageContaining("Backend.metadata key");
  }

  @Test
  void metadataIsCopiedAndUnmodifiable() {
    Map<String, String> metadata = new HashMap<>(Map.of("zone", "eu"));
    Backend b = new Backend("a", "h", 1, 1, metadata);
    metadata.put("rack", "r1");

    assertThat(b.metadata()).containsExactly(Map.entry("zone", "eu"));
    assertThat(b.metadata()).isUnmodifiable();
  }

  @Test
  void withMetadataReplacesAnExistingKey() {
    Backend b = Backend.of("a", "h", 1).withMetadata("zone", "eu").withMetadata("zone", "us");

    assertThat(b.metadata()).containsExactly(Map.entry("zone", "us"));
  }
}
