package io.github.fulcrumlb.core.strategy;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.TwoChoices;
import java.util.Arrays;

/**
 * The data plane shared by {@code p2c} and {@code least-load}: two distinct random backends, the
 * one with the lower {@code (inFlight + 1) * costFactor} wins. Cost factors are precomputed by the
 * strategy's {@code update}; this class only reads them. Immutable; equal when endpoints and cost
 * factors are equal, so an update that changes nothing keeps the published picker.
 */
final class TwoChoicePicker {
  final Endpoint[] endpoints;
  final double[] costFactors;
  private final LoadTracker[] loads;

  TwoChoicePicker(Endpoint[] endpoints, double[] costFactors) {
    this.endpoints = endpoints;
    this.costFactors = costFactors;
    this.loads = new LoadTracker[endpoints.length];
    for (int i = 0; i < endpoints.length; i++) {
      loads[i] = endpoints[i].load();
    }
  }

  /**
   * {@code i} uniform over all backends, {@code j} uniform over the others; {@code j} if it costs
   * strictly less, else {@code i}. A single backend is returned without drawing.
   */
  Endpoint pick(RandomSource random) {
    return endpoints[TwoChoices.lowerLoad(random, loads, costFactors)];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TwoChoicePicker other
        && Arrays.equals(endpoints, other.endpoints)
        && Arrays.equals(costFactors, other.costFactors);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(endpoints) + Arrays.hashCode(costFactors);
  }
}
