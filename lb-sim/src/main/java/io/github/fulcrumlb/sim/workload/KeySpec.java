package io.github.fulcrumlb.sim.workload;

/**
 * Affinity keys of requests (user or session ids), for strategies such as consistent hashing:
 * {@code count} distinct keys drawn with Zipf popularity of exponent {@code zipfExponent} (0 means
 * uniform). {@code count == 0} means requests carry no key: each gets a fresh random 64-bit value,
 * as the {@link io.github.fulcrumlb.api.Strategy#pick} contract asks of callers without one.
 *
 * @param count number of distinct keys, in [0, 10 000 000]
 * @param zipfExponent skew of key popularity, in [0, 5]
 */
public record KeySpec(int count, double zipfExponent) {
  /** Requests carry no affinity key. */
  public static final KeySpec NONE = new KeySpec(0, 0);

  /** Validates both fields. */
  public KeySpec {
    if (count < 0 || count > 10_000_000) {
      throw new IllegalArgumentException("count must be in [0, 10000000] but was " + count);
    }
    if (!(zipfExponent >= 0 && zipfExponent <= 5)) {
      throw new IllegalArgumentException("zipf must be in [0, 5] but was " + zipfExponent);
    }
  }

  /** A short description such as {@code keys(10000, zipf=1.0)}. */
  public String describe() {
    return count == 0 ? "none" : count + " keys, zipf " + zipfExponent;
  }
}
