package io.github.fulcrumlb.sim;

import io.github.fulcrumlb.sim.cluster.Server;
import io.github.fulcrumlb.sim.engine.SimulatedClock;

/** The {@link TrueClusterState} of a run: its servers, read live, at its clock's time. */
final class LiveClusterState implements TrueClusterState {
  private final Server[] servers;
  private final SimulatedClock clock;

  LiveClusterState(Server[] servers, SimulatedClock clock) {
    this.servers = servers;
    this.clock = clock;
  }

  @Override
  public int size() {
    return servers.length;
  }

  @Override
  public String id(int i) {
    return servers[i].spec().id();
  }

  @Override
  public int inSystem(int i) {
    return servers[i].inSystem();
  }

  @Override
  public int concurrency(int i) {
    return servers[i].concurrency();
  }

  @Override
  public double currentRate(int i) {
    return servers[i].currentRate();
  }

  @Override
  public boolean alive(int i) {
    return servers[i].alive();
  }

  @Override
  public long nowNanos() {
    return clock.nanoTime();
  }
}
