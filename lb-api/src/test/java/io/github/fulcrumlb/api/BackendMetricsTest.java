package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackendMetricsTest {

  private static final long SECOND = 1_000_000_000L;

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -0.5, 1.5})
  void rejectsCpuOutsideZeroToOneNamingValue(double cpu) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackendMetrics(cpu, 0, 0, 0, 0, 0, 0, 0))
        .withMessageContaining("BackendMetrics.cpu")
        .withMessageContaining("but was " + cpu);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -0.5, 1.5})
  void rejectsMemoryOutsideZeroToOneNamingValue(double memory) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackendMetrics(0, memory, 0, 0, 0, 0, 0, 0))
        .withMessageContaining("BackendMetrics.memory")
        .withMessageContaining("but was " + memory);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -1, Double.POSITIVE_INFINITY})
  void rejectsBadNetworkInNamingValue(double rate) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackendMetrics(0, 0, rate, 0, 0, 0, 0, 0))
        .withMessageContaining("BackendMetrics.networkInBytesPerSecond")
        .withMessageContaining("but was " + rate);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -1, Double.POSITIVE_INFINITY})
  void rejectsBadNetworkOutNamingValue(double rate) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackendMetrics(0, 0, 0, rate, 0, 0, 0, 0))
        .withMessageContaining("BackendMetrics.networkOutBytesPerSecond")
        .withMessageContaining("but was " + rate);
  }

  @Test
  void rejectsNegativeSampleAgeNamingValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackendMetrics(0, 0, 0, 0, -1, 0, 0, 0))
        .withMessageContaining("BackendMetrics.sampleAgeMillis")
        .withMessageContaining("but was -1");
  }

  @Test
  void rejectsNegativeInFlightNamingValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackendMetrics(0, 0, 0, 0, 0, -2, 0, 0))
        .withMessageContaining("BackendMetrics.inFlight")
        .withMessageContaining("but was -2");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -1, Double.POSITIVE_INFINITY})
  void rejectsBadLatencyNamingValue(double latency) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackendMetrics(0, 0, 0, 0, 0, 0, latency, 0))
        .withMessageContaining("BackendMetrics.latencyMillis")
        .withMessageContaining("but was " + latency);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -0.1, 2.0})
  void rejectsErrorRateOutsideZeroToOneNamingValue(double errorRate) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackendMetrics(0, 0, 0, 0, 0, 0, 0, errorRate))
        .withMessageContaining("BackendMetrics.errorRate")
        .withMessageContaining("but was " + errorRate);
  }

  @Test
  void unknownHasNoHostSample() {
    assertThat(BackendMetrics.UNKNOWN.hasHostSample()).isFalse();
    assertThat(BackendMetrics.UNKNOWN.sampleAgeMillis()).isEqualTo(BackendMetrics.NO_SAMPLE);
  }

  @Test
  void missingSampleIsNeverFreshEvenWithUnlimitedAge() {
    assertThat(BackendMetrics.UNKNOWN.isFresh(1_000)).isFalse();
    assertThat(BackendMetrics.UNKNOWN.isFresh(Long.MAX_VALUE)).isFalse();
  }

  @Test
  void sampleIsFreshUpToMaxAgeInclusive() {
    BackendMetrics m = new BackendMetrics(0, 0, 0, 0, 500, 0, 0, 0);

    assertThat(m.isFresh(500)).isTrue();
    assertThat(m.isFresh(499)).isFalse();
  }

  @Test
  void ofCombinesHostSampleWithTrackerCounters() {
    LoadTracker load = new LoadTracker(10 * SECOND, 0);
    load.requestStarted();
    load.requestStarted();
    load.requestFinished(3_000_000, false, SECOND);
    load.requestStarted();
    HostMetrics sample = new HostMetrics(0.25, 0.5, 100, 200, 9_000);

    BackendMetrics m = BackendMetrics.of(sample, 10_000, load);

    assertThat(m).isEqualTo(new BackendMetrics(0.25, 0.5, 100, 200, 1_000, 2, 3.0, 1.0));
    assertThat(m.hasHostSample()).isTrue();
  }

  @Test
  void ofWithoutSampleKeepsTrackerCountersAndMarksNoSample() {
    LoadTracker load = new LoadTracker(10 * SECOND, 0);
    load.requestStarted();

    BackendMetrics m = BackendMetrics.of(null, 10_000, load);

    assertThat(m).isEqualTo(new BackendMetrics(0, 0, 0, 0, BackendMetrics.NO_SAMPLE, 1, 0, 0));
    assertThat(m.hasHostSample()).isFalse();
  }

  @Test
  void ofRejectsNullTracker() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BackendMetrics.of(null, 0, null))
        .withMessageContaining("load");
  }
}
