package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostMetricsTest {

  @Test
  void acceptsValuesAtTheEdgesOfTheRanges() {
    HostMetrics m = new HostMetrics(1.0, 0.0, 0.0, Double.MAX_VALUE, 0);

    assertThat(m.cpu()).isEqualTo(1.0);
    assertThat(m.networkOutBytesPerSecond()).isEqualTo(Double.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -0.1, 1.01, 2.0, Double.POSITIVE_INFINITY})
  void rejectsCpuOutsideZeroToOneNamingValue(double cpu) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HostMetrics(cpu, 0.5, 0, 0, 0))
        .withMessageContaining("HostMetrics.cpu")
        .withMessageContaining("but was " + cpu);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -1.0, 1.5})
  void rejectsMemoryOutsideZeroToOneNamingValue(double memory) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HostMetrics(0.5, memory, 0, 0, 0))
        .withMessageContaining("HostMetrics.memory")
        .withMessageContaining("but was " + memory);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void rejectsNegativeNanOrInfiniteNetworkInNamingValue(double rate) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HostMetrics(0.5, 0.5, rate, 0, 0))
        .withMessageContaining("HostMetrics.networkInBytesPerSecond")
        .withMessageContaining("but was " + rate);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void rejectsNegativeNanOrInfiniteNetworkOutNamingValue(double rate) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HostMetrics(0.5, 0.5, 0, rate, 0))
        .withMessageContaining("HostMetrics.networkOutBytesPerSecond")
        .withMessageContaining("but was " + rate);
  }

  @Test
  void rejectsNegativeSampleTimeNamingValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HostMetrics(0.5, 0.5, 0, 0, -5))
        .withMessageContaining("HostMetrics.sampledAtMillis")
        .withMessageContaining("but was -5");
  }

  @Test
  void ageIsTimeSinceSample() {
    assertThat(new HostMetrics(0, 0, 0, 0, 1_000).ageMillis(4_500)).isEqualTo(3_500);
  }

  @Test
  void sampleFromTheFutureCountsAsFresh() {
    assertThat(new HostMetrics(0, 0, 0, 0, 5_000).ageMillis(4_000)).isZero();
  }
}
