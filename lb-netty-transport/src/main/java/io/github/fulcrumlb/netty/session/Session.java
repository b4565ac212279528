package io.github.fulcrumlb.netty.session;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.netty.health.Route;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;

/**
 * One client (address and port) and its upstream socket: the backend it is bound to (in session
 * affinity), the requests awaiting a reply, and its places in the table's LRU and pending lists.
 * Confined to the event loop that owns its {@link SessionTable}; all fields are plain.
 *
 * <p>Requests awaiting a reply are a ring of (send time, endpoint, route) preallocated at {@code
 * maxPending} entries, so that forwarding and replying allocate nothing. As with nginx's {@code
 * proxy_responses 1}, each request expects one reply; replies are matched to the oldest request
 * awaiting one from the same backend.
 *
 * <pre>{@code
 * Session s = table.open(client);
 * s.addPending(System.nanoTime(), endpoint, route);  // a datagram forwarded
 * if (s.pending() > 0) {                             // its reply arrived
 *   long rtt = System.nanoTime() - s.oldestSentAt();
 *   balancer.report(s.oldestEndpoint(), rtt, true);
 *   s.dropOldest();
 * }
 * }</pre>
 */
public final class Session {
  final long key;
  final InetSocketAddress client;

  /** The backend of this session (session affinity), or {@code null} (per-datagram picks). */
  public Endpoint endpoint;

  /** Where {@link #endpoint}'s datagrams go. */
  public Route route;

  /** The upstream channel, connected to {@link #route} in session affinity. */
  public Channel upstream;

  /** The future of {@link #upstream}'s connect (or bind), for datagrams that arrive before it. */
  public ChannelFuture connecting;

  /** Ready-set version at which {@link #endpoint} was last seen ready. */
  public int readyVersion;

  /** Set after an ICMP error or repeated timeouts: the next datagram picks a backend again. */
  public boolean repick;

  /** Timeouts since the last reply. */
  public int consecutiveTimeouts;

  /** Whether the session was closed (late events must do nothing). */
  public boolean closed;

  long lastSendNanos;
  Session lruPrev;
  Session lruNext;
  Session pendingPrev;
  Session pendingNext;
  boolean inPendingList;

  private final long[] sentAt;
  private final Endpoint[] endpoints;
  private final Route[] routes;
  private int head;
  private int size;

  Session(long key, InetSocketAddress client, int maxPending) {
    this.key = key;
    this.client = client;
    this.sentAt = new long[maxPending];
    this.endpoints = new Endpoint[maxPending];
    this.routes = new Route[maxPending];
  }

  /** The client's address, where replies go. */
  public InetSocketAddress client() {
    return client;
  }

  /** Requests awaiting a reply. */
  public int pending() {
    return size;
  }

  /** Whether the ring is full (the caller must make room first with {@link #dropOldest}). */
  public boolean pendingFull() {
    return size == sentAt.length;
  }

  /** Records a forwarded request. The ring must not be full. */
  public void addPending(long nowNanos, Endpoint e, Route r) {
    int i = (head + size) % sentAt.length;
    sentAt[i] = nowNanos;
    endpoints[i] = e;
    routes[i] = r;
    size++;
  }

  /** Send time of the oldest pending request; only when {@link #pending()} is positive. */
  public long oldestSentAt() {
    return sentAt[head];
  }

  /** Endpoint of the oldest pending request. */
  public Endpoint oldestEndpoint() {
    return endpoints[head];
  }

  /** Route of the oldest pending request. */
  public Route oldestRoute() {
    return routes[head];
  }

  /** Forgets the oldest pending request (its outcome has been reported by the caller). */
  public void dropOldest() {
    endpoints[head] = null;
    routes[head] = null;
    head = (head + 1) % sentAt.length;
    size--;
  }

  /**
   * Finds the oldest pending request sent to the backend at {@code sender} and moves it to the head
   * of the ring (so that the caller reads it with {@code oldest*()} and removes it with {@link
   * #dropOldest}). Allocation-free.
   *
   * @return whether there was one
   */
  public boolean moveOldestFrom(InetSocketAddress sender) {
    int n = sentAt.length;
    for (int k = 0; k < size; k++) {
      int i = (head + k) % n;
      Route route = routes[i];
      if (route.address().equals(sender)) {
        // Shift the entries before it one place towards i, then put it at the head.
        long t = sentAt[i];
        Endpoint e = endpoints[i];
        for (int m = k; m > 0; m--) {
          int to = (head + m) % n;
          int from = (head + m - 1) % n;
          sentAt[to] = sentAt[from];
          endpoints[to] = endpoints[from];
          routes[to] = routes[from];
        }
        sentAt[head] = t;
        endpoints[head] = e;
        routes[head] = route;
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Session{"
        + client
        + " -> "
        + (route == null ? "-" : route.backendId())
        + ", pending="
        + size
        + (closed ? ", closed" : "")
        + '}';
  }
}
