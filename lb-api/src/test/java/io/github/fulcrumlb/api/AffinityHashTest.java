package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AffinityHashTest {

  @Test
  void equalCharactersGiveEqualHashesWhateverTheSequenceType() {
    assertThat(AffinityHash.of(new StringBuilder("session-9")))
        .isEqualTo(AffinityHash.of("session-9"))
        .isEqualTo(AffinityHash.mix("session-9".hashCode() & 0xffff_ffffL));
    assertThat(AffinityHash.of(java.nio.CharBuffer.wrap("session-9")))
        .isEqualTo(AffinityHash.of("session-9"));
  }

  @Test
  void consecutiveHashesSpreadOverAllSixtyFourBits() {
    Set<Long> seen = new HashSet<>();
    long highBitsSet = 0;
    for (int h = 0; h < 10_000; h++) {
      long spread = AffinityHash.mix(h);
      seen.add(spread);
      highBitsSet += spread >>> 63;
    }
    assertThat(seen).hasSize(10_000);
    assertThat(highBitsSet).isBetween(4_500L, 5_500L);
  }

  @Test
  void mixIsMurmur3sFinaliser() {
    // Reference values of fmix64 (MurmurHash3, x64): 0 is a fixed point, 1 maps to this constant.
    assertThat(AffinityHash.mix(0)).isZero();
    assertThat(AffinityHash.mix(1)).isEqualTo(0xb456bcfc34c2cb2cL);
  }
}
