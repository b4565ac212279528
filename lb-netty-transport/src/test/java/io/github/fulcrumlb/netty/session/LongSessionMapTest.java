package io.github.fulcrumlb.netty.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongSessionMapTest {
  private static Session session(long key) {
    return new Session(key, new InetSocketAddress("127.0.0.1", 1), 1);
  }

  @Test
  void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
    LongSessionMap map = new LongSessionMap(512);
    Map<Long, Session> reference = new HashMap<>();
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      long key = 1 + random.nextInt(2_000); // small key space: many collisions and re-inserts
      if (random.nextBoolean() && reference.size() < 512 && !reference.containsKey(key)) {
        Session s = session(key);
        map.put(key, s);
        reference.put(key, s);
      } else {
        map.remove(key);
        reference.remove(key);
      }
      assertThat(map.size()).isEqualTo(reference.size());
    }
    for (long key = 1; key <= 2_000; key++) {
      assertThat(map.get(key)).isSameAs(reference.get(key));
    }
  }

  @Test
  void refusesMoreThanItsCapacity() {
    LongSessionMap map = new LongSessionMap(4);
    for (long k = 1; k <= 4; k++) {
      map.put(k, session(k));
    }
    assertThatThrownBy(() -> map.put(99, session(99))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> map.put(0, session(0))).isInstanceOf(IllegalArgumentException.class);
  }
}
