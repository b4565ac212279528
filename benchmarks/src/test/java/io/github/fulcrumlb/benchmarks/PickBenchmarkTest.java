package io.github.fulcrumlb.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.StrategyProvider;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/** Runs the benchmark's setup and a few picks, for every strategy lb-core provides. */
class PickBenchmarkTest {

  static Stream<String> benchmarkedStrategies() throws NoSuchFieldException {
    return Stream.of(PickBenchmark.class.getField("strategy").getAnnotation(Param.class).value());
  }

  @ParameterizedTest
  @MethodSource("benchmarkedStrategies")
  void picksBackendsOfTheSyntheticCluster(String name) {
    assumeTrue(
        Strategies.providers().stream().map(StrategyProvider::name).anyMatch(name::equals),
        () -> "strategy " + name + " is not on the class path yet");
    PickBenchmark benchmark = new PickBenchmark();
    benchmark.strategy = name;
    benchmark.backends = 16;
    benchmark.setUp();
    PickKeys keys = new PickKeys();
    keys.fill(0);

    for (int i = 0; i < 100; i++) {
      Endpoint chosen = benchmark.pickOneThread(keys);
      assertThat(chosen.id()).startsWith("backend-");
    }
  }
}
