package io.github.fulcrumlb.netty.server;

import java.net.InetSocketAddress;

/**
 * Where datagrams for one backend go: its resolved socket address (resolved once, when the backend
 * joins, never on the data plane) and its traffic counters.
 *
 * <pre>{@code
 * Route r = new Route("a", new InetSocketAddress("127.0.0.1", 9001));
 * r.counters().requests.increment();
 * }</pre>
 */
final class Route {
  private final String backendId;
  private final InetSocketAddress address;
  private final TrafficCounters counters = new TrafficCounters();
  private volatile boolean lameDuck;
  private volatile long lameDuckUntilNanos;

  /**
   * @param backendId the backend's id
   * @param address its resolved address
   */
  public Route(String backendId, InetSocketAddress address) {
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("Route address must be resolved: " + address);
    }
    this.backendId = backendId;
    this.address = address;
  }

  /** The backend's id. */
  public String backendId() {
    return backendId;
  }

  /** The resolved address datagrams are sent to. */
  public InetSocketAddress address() {
    return address;
  }

  /** This backend's traffic counters. */
  public TrafficCounters counters() {
    return counters;
  }

  /**
   * The backend left membership in lame duck: its established sessions keep using this route until
   * {@code untilNanos} ({@code System.nanoTime()}).
   */
  void startLameDuck(long untilNanos) {
    lameDuckUntilNanos = untilNanos;
    lameDuck = true;
  }

  /** Cancels {@link #startLameDuck} (the removal did not happen). */
  void endLameDuck() {
    lameDuck = false;
  }

  /** Whether established sessions may still use this route although it left the ready set. */
  boolean inLameDuck(long nowNanos) {
    return lameDuck && nowNanos - lameDuckUntilNanos < 0;
  }

  @Override
  public String toString() {
    return "Route{" + backendId + " -> " + address + '}';
  }
}
