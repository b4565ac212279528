package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

  private final Backend backend = Backend.of("a", "h", 1).withWeight(4);

  @Test
  void ofUsesTheConfiguredWeight() {
    Endpoint e = Endpoint.of(backend);

    assertThat(e.weight()).isEqualTo(4.0);
    assertThat(e.id()).isEqualTo("a");
    assertThat(e.load().inFlight()).isZero();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsWeightThatIsNotFiniteAndPositiveNamingValue(double weight) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Endpoint(backend, new LoadTracker(), weight))
        .withMessageContaining("Endpoint.weight")
        .withMessageContaining("but was " + weight);
  }

  @Test
  void rejectsNullBackend() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Endpoint(null, new LoadTracker(), 1))
        .withMessageContaining("Endpoint.backend");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Endpoint.of(null))
        .withMessageContaining("backend");
  }

  @Test
  void rejectsNullTracker() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Endpoint(backend, null, 1))
        .withMessageContaining("Endpoint.load");
  }

  @Test
  void withWeightKeepsTheSameTracker() {
    Endpoint e = Endpoint.of(backend);

    Endpoint slowStart = e.withWeight(0.5);

    assertThat(slowStart.weight()).isEqualTo(0.5);
    assertThat(slowStart.load()).isSameAs(e.load());
    assertThat(e.withWeight(4.0)).isSameAs(e);
  }

  @Test
  void equalOnlyWithTheSameTracker() {
    LoadTracker load = new LoadTracker();

    assertThat(new Endpoint(backend, load, 2))
        .isEqualTo(new Endpoint(backend, load, 2))
        .hasSameHashCodeAs(new Endpoint(backend, load, 2));
    assertThat(new Endpoint(backend, load, 2))
        .isNotEqualTo(new Endpoint(backend, new LoadTracker(), 2));
    assertThat(new Endpoint(backend, load, 2)).isNotEqualTo(new Endpoint(backend, load, 3));
  }
}
