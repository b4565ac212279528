package io.github.fulcrumlb.netty.server;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.NoBackendAvailableException;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.netty.health.ReadyBackends;
import io.github.fulcrumlb.netty.health.Route;
import io.github.fulcrumlb.netty.session.Session;
import io.github.fulcrumlb.netty.session.SessionTable;
import io.github.fulcrumlb.netty.stats.TrafficCounters;
import io.github.fulcrumlb.netty.upstream.UpstreamChannels;
import io.github.fulcrumlb.netty.upstream.UpstreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The data plane of one event loop: its listener's client datagrams, its sessions, their upstream
 * channels and the replies. Everything here runs on that loop, so nothing is locked.
 *
 * <p>Per datagram, in steady state (session and upstream channel exist): one table lookup on a
 * packed {@code long} key, one volatile read of the ready set, an in-flight increment on the
 * backend's tracker, a slot in the session's preallocated pending ring, and the payload buffer
 * written as is to the connected upstream socket. Per reply: the oldest pending request is reported
 * to the {@link LoadBalancer} with its round-trip time, and the payload buffer goes to the client
 * with its recipient: on epoll in a new {@link DatagramPacket} (the one object allocated here per
 * reply, kept because only {@code DatagramPacket}s join epoll's batched {@code sendmmsg}, see
 * {@link #listener(Channel)}), on NIO in a pooled {@link DatagramEnvelope}. Writes to an
 * unconnected upstream socket (per-datagram mode) use the pooled envelope on both transports. Netty
 * itself allocates a {@link DatagramPacket} per datagram it reads, and the sender's address on the
 * listener. Buffers are released exactly once: either written (the transport releases them, and
 * with them their envelope) or released here.
 */
final class Forwarder implements UpstreamListener {
  private static final int REPICK_AFTER_TIMEOUTS = 2;

  private final EventLoop loop;
  private final LoadBalancer lb;
  private final ReadyBackends ready;
  private final Function<String, Route> routes;
  private final TrafficCounters total;
  private final SessionTable table;
  private final UpstreamChannels upstreams;
  private final boolean sessionAffinity;
  // Confined to the loop: changed only by timeouts(), which runs there.
  private long replyTimeoutNanos;
  private long idleTimeoutNanos;
  private final UdpBalancer owner;
  private final Runnable flushTask = this::flushReplies;
  private Channel listener;
  private boolean pooledReplies;
  private boolean flushScheduled;
  private volatile long threadId = -1;

  Forwarder(
      EventLoop loop,
      LoadBalancer lb,
      ReadyBackends ready,
      Function<String, Route> routes,
      TrafficCounters total,
      SessionTable table,
      UpstreamChannels upstreams,
      boolean sessionAffinity,
      long replyTimeoutNanos,
      long idleTimeoutNanos,
      UdpBalancer owner) {
    this.loop = loop;
    this.lb = lb;
    this.ready = ready;
    this.routes = routes;
    this.total = total;
    this.table = table;
    this.upstreams = upstreams;
    this.sessionAffinity = sessionAffinity;
    this.replyTimeoutNanos = replyTimeoutNanos;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.owner = owner;
  }

  EventLoop loop() {
    return loop;
  }

  /** New reply and idle timeouts (a configuration reload); hands the change to the loop. */
  void timeouts(long replyNanos, long idleNanos) {
    loop.execute(
        () -> {
          replyTimeoutNanos = replyNanos;
          idleTimeoutNanos = idleNanos;
        });
  }

  void listener(Channel channel) {
    this.listener = channel;
    // Epoll sends the replies queued by one flush in a single sendmmsg, but only those written as
    // DatagramPackets; a pooled envelope would leave in a sendto of its own (a system call per
    // reply), whose address conversion allocates about as much as the DatagramPacket it saves
    // (measured, docs/BENCHMARKS.md).
    this.pooledReplies = !(channel instanceof EpollDatagramChannel);
  }

  /** The id of this loop's thread, once its first tick ran; else -1. */
  long threadId() {
    return threadId;
  }

  Channel listener() {
    return listener;
  }

  SessionTable table() {
    return table;
  }

  // ---------------------------------------------------------------- client -> backend

  void onClientDatagram(DatagramPacket packet) {
    ByteBuf content = packet.content();
    if (owner.draining() || listener == null) {
      drop(content);
      return;
    }
    InetSocketAddress client = packet.sender();
    long now = System.nanoTime();
    Session s = table.find(client);
    if (s == null) {
      if (table.isFull()) {
        closeSession(table.leastRecentlyUsed(), true);
      }
      s = table.open(client);
      total.sessionsOpened.increment();
    } else if (s.pending() > 0) {
      expire(s, now, now - replyTimeoutNanos);
    }
    table.touch(s, now);
    if (sessionAffinity) {
      forwardInSession(s, content, now);
    } else {
      forwardPerDatagram(s, content, now);
    }
  }

  private void forwardInSession(Session s, ByteBuf content, long now) {
    Endpoint e;
    if (s.endpoint == null || s.repick || !stillReady(s)) {
      e = pick(s);
      if (e == null) {
        drop(content);
        return;
      }
    } else {
      e = s.endpoint;
      e.load().requestStarted();
    }
    Channel upstream = s.upstream;
    send(s, e, s.route, content, now);
    if (upstream.isActive()) {
      upstream.writeAndFlush(content, upstream.voidPromise());
    } else {
      writeWhenConnected(s, upstream, content);
    }
  }

  /**
   * A fresh channel registers and connects in the next loop iteration: the first datagrams of a
   * session wait for it (in order, at most the pending ring's size) instead of being lost.
   */
  private void writeWhenConnected(Session s, Channel upstream, ByteBuf content) {
    ChannelFuture connected = s.connecting;
    if (connected == null || connected.channel() != upstream) {
      drop(content);
      return;
    }
    connected.addListener(
        f -> {
          if (f.isSuccess() && !s.closed && s.upstream == upstream) {
            upstream.writeAndFlush(content, upstream.voidPromise());
          } else {
            drop(content); // its pending entry ends as a timeout
          }
        });
  }

  private void forwardPerDatagram(Session s, ByteBuf content, long now) {
    Endpoint e;
    try {
      e = lb.pick(ThreadLocalRandom.current().nextLong());
    } catch (NoBackendAvailableException ex) {
      drop(content);
      return;
    }
    Route r = routeOf(e);
    if (r == null) {
      lb.cancel(e);
      drop(content);
      return;
    }
    if (s.upstream == null || !s.upstream.isOpen()) {
      ChannelFuture f = upstreams.bind(s, this);
      s.connecting = f;
      s.upstream = f.channel();
    }
    Channel upstream = s.upstream;
    send(s, e, r, content, now);
    if (upstream.isActive()) {
      upstream.writeAndFlush(DatagramEnvelope.of(content, r.address()), upstream.voidPromise());
    } else {
      ChannelFuture bound = s.connecting;
      InetSocketAddress to = r.address();
      bound.addListener(
          f -> {
            if (f.isSuccess() && !s.closed && s.upstream == upstream) {
              upstream.writeAndFlush(DatagramEnvelope.of(content, to), upstream.voidPromise());
            } else {
              drop(content);
            }
          });
    }
  }

  /** Counts a datagram about to be written and records it as awaiting a reply. */
  private void send(Session s, Endpoint e, Route r, ByteBuf content, long now) {
    if (s.pendingFull()) {
      // More outstanding requests than tracked: stop tracking the oldest, without an outcome.
      lb.cancel(s.oldestEndpoint());
      s.dropOldest();
    }
    s.addPending(now, e, r);
    int bytes = content.readableBytes();
    total.requests.increment();
    total.requestBytes.add(bytes);
    r.counters().requests.increment();
    r.counters().requestBytes.add(bytes);
  }

  /** Whether the session's backend is still in the ready set (cheap unless the set changed). */
  private boolean stillReady(Session s) {
    ReadyBackends.View view = ready.view();
    if (view.version() == s.readyVersion) {
      return true;
    }
    Route r = view.route(s.endpoint.load());
    if (r != s.route) {
      return false;
    }
    s.readyVersion = view.version();
    return true;
  }

  /**
   * Picks a backend for the session (counting one request in flight), opening a channel connected
   * to it and closing the previous one; {@code null} if no backend can be picked.
   */
  private Endpoint pick(Session s) {
    ReadyBackends.View view = ready.view();
    // After a failure, avoid the backend that just failed while it awaits ejection (a few tries).
    Endpoint failed = s.repick ? s.endpoint : null;
    long key = mix(s.client().hashCode());
    Endpoint e;
    try {
      e = lb.pick(key);
      for (int tries = 0; failed != null && e.load() == failed.load() && tries < 3; tries++) {
        lb.cancel(e);
        e = lb.pick(mix(key + tries + 1));
      }
    } catch (NoBackendAvailableException ex) {
      return null;
    }
    Route r = routeOf(e);
    if (r == null) {
      lb.cancel(e);
      return null;
    }
    releaseBackend(s);
    s.endpoint = e;
    s.route = r;
    s.readyVersion = view.version();
    s.repick = false;
    s.consecutiveTimeouts = 0;
    r.counters().sessionsOpened.increment();
    ChannelFuture f = upstreams.connect(s, r.address(), this);
    s.connecting = f;
    s.upstream = f.channel();
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            upstreamFailed(s, f.channel());
          }
        });
    return e;
  }

  private Route routeOf(Endpoint e) {
    Route r = ready.view().route(e.load());
    return r != null ? r : routes.apply(e.id());
  }

  /** Ends the session's bond to its backend: pending requests cancelled, channel closed. */
  private void releaseBackend(Session s) {
    while (s.pending() > 0) {
      lb.cancel(s.oldestEndpoint());
      s.dropOldest();
    }
    table.leavePending(s);
    if (s.upstream != null) {
      s.upstream.close();
      s.upstream = null;
      s.connecting = null;
    }
    if (s.route != null) {
      s.route.counters().sessionsClosed.increment();
      s.route = null;
      s.endpoint = null;
    }
  }

  private void drop(ByteBuf content) {
    total.drops.increment();
    content.release();
  }

  // ---------------------------------------------------------------- backend -> client

  @Override
  public void onReply(Session s, Channel channel, InetSocketAddress sender, ByteBuf content) {
    if (s.closed || channel != s.upstream || listener == null) {
      drop(content);
      return;
    }
    long now = System.nanoTime();
    boolean matched = sessionAffinity ? s.pending() > 0 : s.moveOldestFrom(sender);
    Route r = sessionAffinity ? s.route : null;
    if (matched) {
      Endpoint e = s.oldestEndpoint();
      r = s.oldestRoute();
      long rtt = now - s.oldestSentAt();
      s.dropOldest();
      s.consecutiveTimeouts = 0;
      if (s.pending() == 0) {
        table.leavePending(s);
      }
      lb.report(e, rtt, true);
    }
    int bytes = content.readableBytes();
    total.replies.increment();
    total.replyBytes.add(bytes);
    if (r != null) {
      r.counters().replies.increment();
      r.counters().replyBytes.add(bytes);
    }
    Object reply =
        pooledReplies
            ? DatagramEnvelope.of(content, s.client())
            : new DatagramPacket(content, s.client());
    listener.write(reply, listener.voidPromise());
    if (!flushScheduled) {
      // One flush after this loop iteration's reads: replies to many clients leave in one batch.
      flushScheduled = true;
      loop.execute(flushTask);
    }
  }

  private void flushReplies() {
    flushScheduled = false;
    Channel l = listener;
    if (l != null) {
      l.flush();
    }
  }

  @Override
  public void onUnreachable(Session s, Channel channel) {
    total.unreachable.increment();
    if (s.closed || channel != s.upstream) {
      return;
    }
    if (s.route != null) {
      s.route.counters().unreachable.increment();
    }
    if (s.pending() > 0) {
      Endpoint e = s.oldestEndpoint();
      long rtt = System.nanoTime() - s.oldestSentAt();
      s.dropOldest();
      if (s.pending() == 0) {
        table.leavePending(s);
      }
      lb.report(e, rtt, false);
    }
    s.repick = true; // the backend is not listening: the next datagram goes elsewhere
  }

  /**
   * The session's upstream socket could not be opened (e.g. no file descriptor left): a local
   * failure, not the backend's, so its requests end without an outcome and the next datagram tries
   * again.
   */
  private void upstreamFailed(Session s, Channel channel) {
    total.drops.increment();
    if (s.closed || channel != s.upstream) {
      return;
    }
    while (s.pending() > 0) {
      lb.cancel(s.oldestEndpoint());
      s.dropOldest();
    }
    table.leavePending(s);
    s.repick = true;
  }

  @Override
  public void onUpstreamError(Session s, Channel channel, Throwable cause) {
    total.drops.increment();
    if (!s.closed && channel == s.upstream && !channel.isOpen()) {
      s.repick = true;
    }
  }

  void onListenerError(Throwable cause) {
    total.drops.increment();
  }

  // ---------------------------------------------------------------- timers and shutdown

  /** Reply timeouts and idle expiry; runs periodically on the loop. */
  void tick() {
    if (threadId < 0) {
      threadId = Thread.currentThread().getId();
    }
    long now = System.nanoTime();
    long replyDeadline = now - replyTimeoutNanos;
    Session s;
    while ((s = table.oldestPending()) != null
        && SessionTable.lastSendNanos(s) - replyDeadline <= 0) {
      // Every request of this session was sent before its last client datagram: all timed out.
      expire(s, now, now);
      table.leavePending(s);
    }
    if (owner.draining()) {
      return; // sessions stay until shutdown closes them, so late replies still reach clients
    }
    long idleDeadline = now - idleTimeoutNanos;
    while ((s = table.leastRecentlyUsed()) != null
        && SessionTable.lastSendNanos(s) - idleDeadline <= 0) {
      closeSession(s, false);
    }
  }

  /**
   * Reports every pending request of {@code s} sent at or before {@code sentBefore} as timed out.
   */
  private void expire(Session s, long now, long sentBefore) {
    while (s.pending() > 0 && s.oldestSentAt() - sentBefore <= 0) {
      Endpoint e = s.oldestEndpoint();
      Route r = s.oldestRoute();
      long waited = now - s.oldestSentAt();
      s.dropOldest();
      total.timeouts.increment();
      r.counters().timeouts.increment();
      lb.report(e, waited, false);
      if (++s.consecutiveTimeouts >= REPICK_AFTER_TIMEOUTS) {
        s.repick = true;
      }
    }
    if (s.pending() == 0) {
      table.leavePending(s);
    }
  }

  /** Requests awaiting a reply in all sessions of this loop. */
  int pendingRequests() {
    int[] sum = new int[1];
    table.forEach(s -> sum[0] += s.pending());
    return sum[0];
  }

  /** Closes every session (shutdown). */
  void closeAll() {
    Session s;
    while ((s = table.leastRecentlyUsed()) != null) {
      closeSession(s, false);
    }
  }

  private void closeSession(Session s, boolean evicted) {
    table.remove(s);
    s.closed = true;
    releaseBackend(s);
    total.sessionsClosed.increment();
    if (evicted) {
      total.sessionsEvicted.increment();
    }
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb34fe53b6a53L;
    return x ^ (x >>> 33);
  }
}
