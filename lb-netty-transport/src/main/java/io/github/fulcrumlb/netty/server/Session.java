package io.github.fulcrumlb.netty.server;

import io.github.fulcrumlb.api.Endpoint;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;

/**
 * One client (address and port) and its upstream socket: the backend it is bound to (in session
 * affinity), the requests awaiting a reply, and its places in the table's LRU and pending lists.
 * Confined to the event loop that owns its {@link SessionTable}; all fields are plain and private
 * to it and the table (which links it into its lists).
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
final class Session {
  final long key;
  final InetSocketAddress client;

  private Endpoint endpoint; // null: no backend bound (per-datagram picks, or not picked yet)
  private Route route;
  private Channel upstream;
  private ChannelFuture connecting;
  private int readyVersion;
  private boolean repick;
  private int consecutiveTimeouts;
  private boolean closed;

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
  InetSocketAddress client() {
    return client;
  }

  /** The backend of this session (session affinity), or {@code null} (none bound). */
  Endpoint endpoint() {
    return endpoint;
  }

  /** Where {@link #endpoint()}'s datagrams go, or {@code null}. */
  Route route() {
    return route;
  }

  /** Binds the session to a backend picked while the ready set had {@code version}. */
  void bindBackend(Endpoint e, Route r, int version) {
    endpoint = e;
    route = r;
    readyVersion = version;
    repick = false;
    consecutiveTimeouts = 0;
  }

  /** Forgets the backend (its pending requests must have been ended first). */
  void unbindBackend() {
    endpoint = null;
    route = null;
  }

  /** The upstream channel (connected to {@link #route()} in session affinity), or {@code null}. */
  Channel upstream() {
    return upstream;
  }

  /** The future of {@link #upstream()}'s connect (or bind), for datagrams that arrive before it. */
  ChannelFuture connecting() {
    return connecting;
  }

  /** Uses the channel of {@code connectOrBind} as the session's upstream channel. */
  void attachUpstream(ChannelFuture connectOrBind) {
    connecting = connectOrBind;
    upstream = connectOrBind.channel();
  }

  /** Forgets the upstream channel and returns it (the caller closes it), or {@code null}. */
  Channel detachUpstream() {
    Channel c = upstream;
    upstream = null;
    connecting = null;
    return c;
  }

  /** Ready-set version at which {@link #endpoint()} was last seen ready. */
  int readyVersion() {
    return readyVersion;
  }

  /** Records that the backend was still ready at this ready-set version. */
  void confirmReady(int version) {
    readyVersion = version;
  }

  /** Whether the next datagram must pick a backend again (after an ICMP error or timeouts). */
  boolean needsRepick() {
    return repick;
  }

  /** Makes the next datagram pick a backend again. */
  void markForRepick() {
    repick = true;
  }

  /** Counts a timeout; returns the timeouts since the last reply. */
  int recordTimeout() {
    return ++consecutiveTimeouts;
  }

  /** A reply arrived: the timeout streak ends. */
  void recordReply() {
    consecutiveTimeouts = 0;
  }

  /** Whether the session was closed (late events must do nothing). */
  boolean isClosed() {
    return closed;
  }

  /** Marks the session closed. */
  void markClosed() {
    closed = true;
  }

  /** Requests awaiting a reply. */
  int pending() {
    return size;
  }

  /** Whether the ring is full (the caller must make room first with {@link #dropOldest}). */
  boolean pendingFull() {
    return size == sentAt.length;
  }

  /** Records a forwarded request. The ring must not be full. */
  void addPending(long nowNanos, Endpoint e, Route r) {
    int i = (head + size) % sentAt.length;
    sentAt[i] = nowNanos;
    endpoints[i] = e;
    routes[i] = r;
    size++;
  }

  /** Send time of the oldest pending request; only when {@link #pending()} is positive. */
  long oldestSentAt() {
    return sentAt[head];
  }

  /** Endpoint of the oldest pending request. */
  Endpoint oldestEndpoint() {
    return endpoints[head];
  }

  /** Route of the oldest pending request. */
  Route oldestRoute() {
    return routes[head];
  }

  /** Forgets the oldest pending request (its outcome has been reported by the caller). */
  void dropOldest() {
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
  boolean moveOldestFrom(InetSocketAddress sender) {
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
