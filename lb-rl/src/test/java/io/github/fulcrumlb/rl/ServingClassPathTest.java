package io.github.fulcrumlb.rl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * lb-rl serves a model with the JDK and lb-api alone: neither the simulator nor DJL is on its class
 * path (they belong to lb-rl-training). The resolved dependency tree is checked too, by {@code
 * lb-rl/scripts/check-serving-dependencies.sh} in {@code .ci/run}.
 */
class ServingClassPathTest {

  @Test
  void theSimulatorIsNotOnTheServingClassPath() {
    assertThatThrownBy(() -> Class.forName("io.github.fulcrumlb.sim.Simulation"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void djlIsNotOnTheServingClassPath() {
    assertThatThrownBy(() -> Class.forName("ai.djl.Model"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("ai.djl.engine.Engine"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
