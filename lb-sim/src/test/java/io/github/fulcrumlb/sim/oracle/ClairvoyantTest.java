package io.github.fulcrumlb.sim.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.sim.cluster.BackendSpec;
import io.github.fulcrumlb.sim.cluster.BackgroundSpec;
import io.github.fulcrumlb.sim.cluster.Server;
import org.junit.jupiter.api.Test;

class ClairvoyantTest {
  private static final long S = 1_000_000_000L;

  private static Server server(String id, int slots, double rate, int queueLimit) {
    return new Server(new BackendSpec(id, 1, slots, rate, queueLimit, 0.2, BackgroundSpec.NONE));
  }

  @Test
  void sendsEachRequestWhereItCompletesFirst() {
    Server slow = server("slow", 1, 1, -1);
    Server fast = server("fast", 1, 4, -1);
    Server[] servers = {slow, fast};
    Clairvoyant oracle = Clairvoyant.knowingSizes();
    assertThat(oracle.choose(servers, 0, 4)).isEqualTo(1); // 1 s on fast, 4 s on slow
    fast.admit(0, 4); // fast busy until 1 s
    assertThat(oracle.choose(servers, 0, 0.5)).isEqualTo(0); // 0.5 s on idle slow < 1.125 s
    assertThat(oracle.choose(servers, 0, 8)).isEqualTo(1); // 1 + 2 s on fast < 8 s on slow
  }

  @Test
  void usesTheTrueCurrentRateAndSkipsDeadBackends() {
    Server a = server("a", 1, 2, -1);
    Server b = server("b", 1, 2, -1);
    a.setBackground(0, 0.9);
    Server[] servers = {a, b};
    Clairvoyant oracle = Clairvoyant.knowingSizes();
    assertThat(oracle.choose(servers, 0, 1)).isEqualTo(1);
    b.kill(S);
    assertThat(oracle.choose(servers, S, 1)).isEqualTo(0);
    a.kill(S);
    assertThat(oracle.choose(servers, S, 1)).isEqualTo(-1);
  }

  @Test
  void prefersABackendWithRoomAndFallsBackToAFullOneForTheDrop() {
    Server full = server("full", 1, 100, 0);
    Server slow = server("slow", 1, 1, 0);
    full.admit(0, 1);
    Server[] servers = {full, slow};
    Clairvoyant oracle = Clairvoyant.knowingSizes();
    assertThat(oracle.choose(servers, 0, 1)).isEqualTo(1);
    slow.admit(0, 1);
    assertThat(oracle.choose(servers, 0, 1)).isEqualTo(0);
  }

  @Test
  void theSizeBlindOracleRoutesEveryRequestAsIfItWereOfTheMeanSize() {
    Server slow = server("slow", 1, 1, -1);
    Server fast = server("fast", 1, 4, -1);
    fast.admit(0, 4); // fast busy until 1 s
    Server[] servers = {slow, fast};
    // A small request: 0.5 s on idle slow, 1.125 s on fast; the clairvoyant sees that.
    assertThat(Clairvoyant.knowingSizes().choose(servers, 0, 0.5)).isEqualTo(0);
    // Taken to be of mean size 4: 4 s on slow, 1 + 1 s on fast.
    assertThat(Clairvoyant.sizeBlind(4).choose(servers, 0, 0.5)).isEqualTo(1);
    assertThat(Clairvoyant.sizeBlind(0.5).choose(servers, 0, 8)).isEqualTo(0);
  }

  @Test
  void theCountOracleSeesRequestCountsAndSlotsButNotTheWorkQueued() {
    Server nearlyDone = server("nearly-done", 1, 3, -1);
    nearlyDone.admit(0, 0.03); // done at 10 ms
    Server idleSlower = server("idle-slower", 1, 2, -1);
    Server[] servers = {nearlyDone, idleSlower};
    // Knowing the work: 10 ms + 1/3 s on nearly-done beats 1/2 s on idle-slower.
    assertThat(Clairvoyant.sizeBlind(1).choose(servers, 0, 1)).isEqualTo(0);
    // From counts: one ahead of it and one slot makes two services of 1/3 s, over 1/2 s.
    assertThat(Clairvoyant.countOnly(1).choose(servers, 0, 1)).isEqualTo(1);

    Server twoSlots = server("two-slots", 2, 3, -1);
    twoSlots.admit(0, 30); // one slot busy for 10 s, the other free
    Server[] withSlots = {twoSlots, idleSlower};
    assertThat(Clairvoyant.countOnly(1).choose(withSlots, 0, 1)).isEqualTo(0);
  }

  @Test
  void namesItsRowAndRejectsAMeanSizeThatIsNotAPositiveNumber() {
    assertThat(Clairvoyant.knowingSizes().name()).isEqualTo("clairvoyant");
    assertThat(Clairvoyant.sizeBlind(1).name()).isEqualTo("size-blind-oracle");
    assertThat(Clairvoyant.countOnly(1).name()).isEqualTo("count-oracle");
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> Clairvoyant.sizeBlind(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("meanSize must be a finite number > 0");
      assertThatThrownBy(() -> Clairvoyant.countOnly(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
