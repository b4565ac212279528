package io.github.fulcrumlb.core;

/** Turns an affinity key into the 64-bit hash strategies pick with; allocation-free. */
final class KeyHash {
  private KeyHash() {}

  /**
   * {@link String#hashCode()} of the key's characters (cached for a {@code String}, computed for
   * other sequences), spread over 64 bits.
   */
  static long of(CharSequence key) {
    int h;
    if (key instanceof String s) {
      h = s.hashCode();
    } else {
      h = 0;
      for (int i = 0, n = key.length(); i < n; i++) {
        h = 31 * h + key.charAt(i);
      }
    }
    return spread(h);
  }

  /** MurmurHash3's 64-bit finaliser over the 32-bit hash, a bijection. */
  static long spread(int hash) {
    long z = hash & 0xffff_ffffL;
    z ^= z >>> 33;
    z *= 0xff51afd7ed558ccdL;
    z ^= z >>> 33;
    z *= 0xc4ceb9fe1a85ec53L;
    z ^= z >>> 33;
    return z;
  }
}
