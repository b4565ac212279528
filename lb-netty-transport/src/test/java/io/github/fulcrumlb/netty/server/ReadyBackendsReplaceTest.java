package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.Strategy;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyBackendsReplaceTest {
  private static final Endpoint A = Endpoint.of(Backend.parse("127.0.0.1:5301"));
  private static final Endpoint B = Endpoint.of(Backend.parse("127.0.0.1:5302"));

  private static Route route(String id) {
    return new Route(id, new InetSocketAddress("127.0.0.1", Integer.parseInt(id.split(":")[1])));
  }

  @Test
  void replacementPicksFromTheReadySetItsPredecessorWasGiven() {
    ReadyBackends ready =
        new ReadyBackends(Strategies.create("round-robin"), ReadyBackendsReplaceTest::route);
    ready.update(ClusterSnapshot.of(List.of(A, B)));
    int version = ready.view().version();

    Strategy next = Strategies.create("consistent-hash");
    ready.replaceDelegate(next);

    assertThat(ready.delegate()).isSameAs(next);
    assertThat(ready.name()).isEqualTo("consistent-hash");
    assertThat(ready.pick(42L)).isIn(A, B);
    assertThat(ready.view().version()).as("the ready set did not change").isEqualTo(version);
  }

  @Test
  void retiringSeesTheOldStrategyBeforeTheNewOneIsCreatedAndUpdatesWaitMeanwhile()
      throws Exception {
    Strategy old = Strategies.create("round-robin");
    ReadyBackends ready = new ReadyBackends(old, ReadyBackendsReplaceTest::route);
    ready.update(ClusterSnapshot.of(List.of(A)));
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread updater = new Thread(() -> ready.update(ClusterSnapshot.of(List.of(A, B))));

    Strategy next =
        ready.replaceDelegate(
            () -> {
              events.add("created");
              return Strategies.create("p2c");
            },
            retiring -> {
              events.add("retiring " + retiring.name());
              updater.start();
              try {
                updater.join(200); // it cannot update while the old strategy retires
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              events.add(updater.isAlive() ? "update held" : "update ran");
            });
    updater.join(10_000);

    assertThat(events).containsExactly("retiring round-robin", "update held", "created");
    assertThat(ready.delegate()).isSameAs(next);
    assertThat(ready.view().size()).as("the held update reached the new strategy").isEqualTo(2);
  }

  @Test
  void aStrategyThatCannotBeCreatedReplacesNothing() {
    Strategy old = Strategies.create("round-robin");
    ReadyBackends ready = new ReadyBackends(old, ReadyBackendsReplaceTest::route);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ready.replaceDelegate(
                    () -> {
                      throw new IllegalArgumentException("bad option");
                    },
                    retiring -> {}))
        .hasMessage("bad option");
    assertThat(ready.delegate()).isSameAs(old);
  }
}
