package io.github.fulcrumlb.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyHashTest {

  @Test
  void equalCharactersGiveEqualHashesWhateverTheSequenceType() {
    assertThat(KeyHash.of(new StringBuilder("session-9")))
        .isEqualTo(KeyHash.of("session-9"))
        .isEqualTo(KeyHash.spread("session-9".hashCode()));
    assertThat(KeyHash.of(java.nio.CharBuffer.wrap("session-9")))
        .isEqualTo(KeyHash.of("session-9"));
  }

  @Test
  void consecutiveHashesSpreadOverAllSixtyFourBits() {
    Set<Long> seen = new HashSet<>();
    long highBitsSet = 0;
    for (int h = 0; h < 10_000; h++) {
      long spread = KeyHash.spread(h);
      seen.add(spread);
      highBitsSet += spread >>> 63;
    }
    assertThat(seen).hasSize(10_000);
    assertThat(highBitsSet).isBetween(4_500L, 5_500L);
  }
}
