package io.github.fulcrumlb.api;

/**
 * The 64-bit hashes that affinity picks are made with: one definition shared by the balancer (a
 * request's key), the consistent-hash strategy (spreading that key over its table) and the
 * transports (a client address). Allocation-free.
 *
 * <pre>{@code
 * long key = AffinityHash.of(sessionId);             // equal strings, equal hashes
 * long next = AffinityHash.mix(key + attempt);       // a different, well-spread key per retry
 * }</pre>
 */
public final class AffinityHash {
  private AffinityHash() {}

  /**
   * {@link String#hashCode()} of the key's characters (cached for a {@code String}, computed for
   * other sequences), spread over 64 bits by {@link #mix}.
   */
  public static long of(CharSequence key) {
    int h;
    if (key instanceof String s) {
      h = s.hashCode();
    } else {
      h = 0;
      for (int i = 0, n = key.length(); i < n; i++) {
        h = 31 * h + key.charAt(i);
      }
    }
    return mix(h & 0xffff_ffffL);
  }

  /**
   * MurmurHash3's 64-bit finaliser ({@code fmix64}): a bijection that spreads sequential or
   * low-entropy values over all 64 bits, so that neighbouring keys land far apart.
   */
  public static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
