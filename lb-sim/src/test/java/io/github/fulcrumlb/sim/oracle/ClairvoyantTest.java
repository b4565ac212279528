package io.github.fulcrumlb.sim.oracle;

import static org.assertj.core.api.Assertions.assertThat;

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
    Clairvoyant oracle = new Clairvoyant();
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
    Clairvoyant oracle = new Clairvoyant();
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
    Clairvoyant oracle = new Clairvoyant();
    assertThat(oracle.choose(servers, 0, 1)).isEqualTo(1);
    slow.admit(0, 1);
    assertThat(oracle.choose(servers, 0, 1)).isEqualTo(0);
  }
}
