package io.github.fulcrumlb.netty.server;

import io.github.fulcrumlb.api.AffinityHash;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.core.LoadBalancer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
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
 * listener, and its handlers copy datagrams of up to 2 KiB out of the read's receive buffer into
 * pooled buffers of their size ({@link SmallDatagrams}). Buffers are released exactly once: either
 * written (the transport releases them, and with them their envelope) or released here.
 *
 * <p><b>Accounting.</b> Every client datagram is counted as a request when it arrives and ends as
 * exactly one of: a drop (not forwarded), or, once forwarded and recorded in its session's pending
 * ring, a reply, a timeout, an ICMP unreachable, or a drop when the balancer gives up on it (ring
 * full, session moved or closed, oversize reply). Each ending removes it from the ring and from the
 * in-flight counters in the same step ({@link #endOldest}), so the counters balance.
 *
 * <p><b>Sizes.</b> Receive buffers hold {@code maxDatagramSize + 1} bytes: a read that fills them
 * was truncated by the kernel, so the datagram was larger than allowed and is dropped whole, never
 * relayed cut. 0-byte datagrams, which Netty's channels do not write, leave through {@link
 * EmptyDatagrams}.
 */
final class Forwarder implements UpstreamListener {
  private static final int REPICK_AFTER_TIMEOUTS = 2;
  private static final int UNFLUSHED_LIMIT = 256;

  /** How a forwarded request ended. */
  private enum Outcome {
    REPLY,
    TIMEOUT,
    UNREACHABLE,
    /** Given up by the balancer: no outcome is reported to the load balancer. */
    DROP,
    /** Answered by the backend, but the answer could not be relayed (oversize): a drop. */
    ANSWERED_NOT_RELAYED
  }

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
  private final int maxDatagramSize;
  private final BooleanSupplier draining;
  private final Runnable flushTask = this::flushReplies;

  /** Upstream channels written since the last flush: flushed together once per loop iteration. */
  private final Channel[] unflushed = new Channel[UNFLUSHED_LIMIT];

  private int unflushedCount;
  private Channel listener;
  private boolean pooledReplies;
  private boolean emptyDatagrams;
  private boolean flushScheduled;

  /**
   * @param loop the event loop everything of this forwarder runs on
   * @param shared what all forwarders of the balancer share
   * @param table this loop's sessions
   * @param upstreams opens this loop's upstream channels
   */
  Forwarder(
      EventLoop loop, ForwardingContext shared, SessionTable table, UpstreamChannels upstreams) {
    this.loop = loop;
    this.lb = shared.lb();
    this.ready = shared.ready();
    this.routes = shared.routes();
    this.total = shared.total();
    this.table = table;
    this.upstreams = upstreams;
    this.sessionAffinity = shared.sessionAffinity();
    this.replyTimeoutNanos = shared.replyTimeoutNanos();
    this.idleTimeoutNanos = shared.idleTimeoutNanos();
    this.maxDatagramSize = shared.maxDatagramSize();
    this.draining = shared.draining();
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
    // Upstream channels are of the listener's transport: both can send 0-byte datagrams, or
    // neither.
    this.emptyDatagrams = channel != null && EmptyDatagrams.supported(channel);
  }

  Channel listener() {
    return listener;
  }

  SessionTable table() {
    return table;
  }

  // ---------------------------------------------------------------- client -> backend

  /**
   * A client datagram from {@code client}. Hands {@code content} on (written or released) as its
   * last step, so that if anything here throws, the caller still owns it.
   */
  void onClientDatagram(ByteBuf content, InetSocketAddress client) {
    int bytes = content.readableBytes();
    total.requests.increment();
    if (bytes > maxDatagramSize) {
      total.oversize.increment(); // truncated by the kernel to the buffer's size: never relay it
      drop(content);
      return;
    }
    if (draining.getAsBoolean() || listener == null || (bytes == 0 && !emptyDatagrams)) {
      drop(content);
      return;
    }
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
    if (s.endpoint() == null || s.needsRepick() || !(stillReady(s) || s.route().inLameDuck(now))) {
      e = pick(s);
      if (e == null) {
        drop(content);
        return;
      }
    } else {
      e = s.endpoint();
      e.load().requestStarted();
    }
    Channel upstream = s.upstream();
    countForwarded(s, e, s.route(), content, now);
    if (upstream.isActive()) {
      writeUpstream(upstream, content, null);
    } else {
      writeWhenConnected(s, upstream, content, null);
    }
  }

  /**
   * A fresh channel registers and connects (or binds) in the next loop iteration: the first
   * datagrams of a session wait for it (in order, at most the pending ring's size) instead of being
   * lost. If it fails, the payload is released; its pending entry ends as a drop ({@link
   * #upstreamFailed}) or already ended when the session moved on or closed.
   */
  private void writeWhenConnected(
      Session s, Channel upstream, ByteBuf content, InetSocketAddress to) {
    ChannelFuture connected = s.connecting();
    if (connected == null || connected.channel() != upstream) {
      content.release(); // cannot happen: the channel is the session's; its entry times out
      return;
    }
    connected.addListener(
        f -> {
          if (f.isSuccess() && !s.isClosed() && s.upstream() == upstream) {
            writeUpstream(upstream, content, to);
          } else {
            content.release();
          }
        });
  }

  private void writeUpstream(Channel upstream, ByteBuf content, InetSocketAddress to) {
    if (content.isReadable()) {
      queueWrite(upstream, to == null ? content : DatagramEnvelope.of(content, to));
    } else {
      content.release();
      upstream.flush(); // what was queued before it leaves first
      EmptyDatagrams.send(upstream, to); // if the kernel refuses it, its request times out
    }
  }

  private void forwardPerDatagram(Session s, ByteBuf content, long now) {
    Endpoint e = lb.tryPick(ThreadLocalRandom.current().nextLong());
    if (e == null) {
      drop(content);
      return;
    }
    Route r = routeOf(e);
    if (r == null) {
      lb.cancel(e);
      drop(content);
      return;
    }
    if (s.upstream() == null || !s.upstream().isOpen()) {
      s.attachUpstream(upstreams.bind(s, this));
    }
    Channel upstream = s.upstream();
    countForwarded(s, e, r, content, now);
    if (upstream.isActive()) {
      writeUpstream(upstream, content, r.address());
    } else {
      writeWhenConnected(s, upstream, content, r.address());
    }
  }

  /**
   * Queues a datagram on an upstream channel and flushes it after this loop iteration's reads, with
   * every other datagram queued meanwhile: several datagrams of one session then leave in one
   * {@code sendmmsg} (epoll), and a session's channel is flushed once per batch, not per datagram.
   */
  /** Writes without flushing; the channel is flushed once, after this loop iteration's reads. */
  private void queueWrite(Channel upstream, Object msg) {
    upstream.write(msg, upstream.voidPromise());
    if (unflushedCount > 0 && unflushed[unflushedCount - 1] == upstream) {
      return; // already queued for the coming flush
    }
    if (unflushedCount == unflushed.length) {
      flushUpstreams();
    }
    unflushed[unflushedCount++] = upstream;
    scheduleFlush();
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      // One flush after this loop iteration's reads: datagrams to many sockets leave in one batch.
      flushScheduled = true;
      loop.execute(flushTask);
    }
  }

  private void flushUpstreams() {
    for (int i = 0; i < unflushedCount; i++) {
      unflushed[i].flush();
      unflushed[i] = null;
    }
    unflushedCount = 0;
  }

  /** Counts a datagram about to be written and records it as awaiting a reply. */
  private void countForwarded(Session s, Endpoint e, Route r, ByteBuf content, long now) {
    if (s.pendingFull()) {
      // More outstanding requests than tracked: give up on the oldest.
      endOldest(s, Outcome.DROP, now);
    }
    s.addPending(now, e, r);
    table.awaitReply(s);
    int bytes = content.readableBytes();
    total.inFlight.increment();
    total.requestBytes.add(bytes);
    TrafficCounters c = r.counters();
    c.requests.increment();
    c.requestBytes.add(bytes);
    c.inFlight.increment();
  }

  /** Whether the session's backend is still in the ready set (cheap unless the set changed). */
  private boolean stillReady(Session s) {
    ReadyBackends.View view = ready.view();
    if (view.version() == s.readyVersion()) {
      return true;
    }
    Route r = view.route(s.endpoint().load());
    if (r != s.route()) {
      return false;
    }
    s.confirmReady(view.version());
    return true;
  }

  /**
   * Picks a backend for the session (counting one request in flight), opening a channel connected
   * to it and closing the previous one; {@code null} if no backend can be picked.
   */
  private Endpoint pick(Session s) {
    ReadyBackends.View view = ready.view();
    // After a failure, avoid the backend that just failed while it awaits ejection (a few tries).
    Endpoint failed = s.needsRepick() ? s.endpoint() : null;
    long key = AffinityHash.mix(s.client().hashCode());
    Endpoint e = lb.tryPick(key);
    for (int tries = 0;
        e != null && failed != null && e.load() == failed.load() && tries < 3;
        tries++) {
      lb.cancel(e);
      e = lb.tryPick(AffinityHash.mix(key + tries + 1));
    }
    if (e == null) {
      return null;
    }
    Route r = routeOf(e);
    if (r == null) {
      lb.cancel(e);
      return null;
    }
    releaseBackend(s);
    s.bindBackend(e, r, view.version());
    r.counters().sessionsOpened.increment();
    ChannelFuture f = upstreams.connect(s, r.address(), this);
    s.attachUpstream(f);
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

  /**
   * Ends the session's bond to its backend: requests still awaiting a reply are given up (their
   * replies could only arrive on the channel being closed), the channel is closed.
   */
  private void releaseBackend(Session s) {
    long now = System.nanoTime();
    while (s.pending() > 0) {
      endOldest(s, Outcome.DROP, now);
    }
    Channel upstream = s.detachUpstream();
    if (upstream != null) {
      upstream.close();
    }
    if (s.route() != null) {
      s.route().counters().sessionsClosed.increment();
      s.unbindBackend();
    }
  }

  /** A request datagram that is not forwarded. */
  private void drop(ByteBuf content) {
    total.drops.increment();
    content.release();
  }

  /**
   * Ends the session's oldest pending request with {@code outcome}: counted once, reported to the
   * load balancer (or cancelled there), and taken off the ring and the in-flight counters.
   */
  private void endOldest(Session s, Outcome outcome, long now) {
    Endpoint e = s.oldestEndpoint();
    Route r = s.oldestRoute();
    long elapsed = now - s.oldestSentAt();
    s.dropOldest();
    TrafficCounters c = r.counters();
    total.inFlight.decrement();
    c.inFlight.decrement();
    switch (outcome) {
      case REPLY -> {
        total.replies.increment();
        c.replies.increment();
        lb.report(e, elapsed, true);
      }
      case TIMEOUT -> {
        total.timeouts.increment();
        c.timeouts.increment();
        lb.report(e, elapsed, false);
      }
      case UNREACHABLE -> {
        total.unreachable.increment();
        c.unreachable.increment();
        lb.report(e, elapsed, false);
      }
      case ANSWERED_NOT_RELAYED -> {
        total.drops.increment();
        c.drops.increment();
        lb.report(e, elapsed, true); // the backend did answer
      }
      case DROP -> {
        total.drops.increment();
        c.drops.increment();
        lb.cancel(e);
      }
    }
    if (s.pending() == 0) {
      table.leavePending(s);
    }
  }

  // ---------------------------------------------------------------- backend -> client

  @Override
  public void onReply(Session s, Channel channel, InetSocketAddress sender, ByteBuf content) {
    if (s.isClosed() || channel != s.upstream() || listener == null) {
      dropReply(content);
      return;
    }
    long now = System.nanoTime();
    int bytes = content.readableBytes();
    boolean matched = sessionAffinity ? s.pending() > 0 : s.moveOldestFrom(sender);
    Route r = matched ? s.oldestRoute() : s.route(); // null: unmatched in per-datagram mode
    if (bytes > maxDatagramSize || (bytes == 0 && !emptyDatagrams)) {
      if (bytes > maxDatagramSize) {
        total.oversize.increment(); // truncated by the kernel to the buffer's size: never relay it
      }
      if (matched) {
        endOldest(s, Outcome.ANSWERED_NOT_RELAYED, now);
      }
      dropReply(content);
      return;
    }
    if (matched) {
      s.recordReply();
      endOldest(s, Outcome.REPLY, now);
    } else {
      total.unmatchedReplies.increment();
      if (r != null) {
        r.counters().unmatchedReplies.increment();
      }
    }
    total.replyBytes.add(bytes);
    if (r != null) {
      r.counters().replyBytes.add(bytes);
    }
    if (bytes == 0) {
      content.release();
      EmptyDatagrams.send(listener, s.client());
      return;
    }
    Object reply =
        pooledReplies
            ? DatagramEnvelope.of(content, s.client())
            : new DatagramPacket(content, s.client());
    listener.write(reply, listener.voidPromise());
    scheduleFlush();
  }

  private void dropReply(ByteBuf content) {
    total.droppedReplies.increment();
    content.release();
  }

  private void flushReplies() {
    flushScheduled = false;
    flushUpstreams();
    Channel l = listener;
    if (l != null) {
      l.flush();
    }
  }

  @Override
  public void onUnreachable(Session s, Channel channel) {
    if (s.isClosed() || channel != s.upstream()) {
      return;
    }
    if (s.pending() > 0) {
      endOldest(s, Outcome.UNREACHABLE, System.nanoTime());
    }
    s.markForRepick(); // the backend is not listening: the next datagram goes elsewhere
  }

  /**
   * The session's upstream socket could not be opened (e.g. no file descriptor left): a local
   * failure, not the backend's, so its requests are given up (drops) and the next datagram tries
   * again.
   */
  private void upstreamFailed(Session s, Channel channel) {
    if (s.isClosed() || channel != s.upstream()) {
      return; // the session moved on or closed: its requests ended then
    }
    long now = System.nanoTime();
    while (s.pending() > 0) {
      endOldest(s, Outcome.DROP, now);
    }
    table.leavePending(s);
    s.markForRepick();
  }

  @Override
  public void onUpstreamError(Session s, Channel channel, Throwable cause) {
    // A failed write or read: the request it concerned (if any) ends as a timeout.
    if (!s.isClosed() && channel == s.upstream() && !channel.isOpen()) {
      s.markForRepick();
    }
  }

  /**
   * {@link #onClientDatagram} threw before handing {@code content} on (a bug, or a strategy that
   * threw): the datagram is dropped and its buffer released, so nothing leaks.
   */
  void onUnexpectedFailure(ByteBuf content) {
    total.drops.increment();
    ReferenceCountUtil.safeRelease(content);
  }

  /**
   * An error on the listener (e.g. an ICMP error about a client that went away, or an exception
   * thrown while handling a datagram, already counted where it happened): the listener stays open.
   */
  void onListenerError(Throwable cause) {
    // nothing to count: no datagram is lost here that was not counted already
  }

  // ---------------------------------------------------------------- timers and shutdown

  /** Reply timeouts and idle expiry; runs periodically on the loop. */
  void tick() {
    long now = System.nanoTime();
    long replyDeadline = now - replyTimeoutNanos;
    Session s;
    while ((s = table.oldestPending()) != null
        && SessionTable.lastSendNanos(s) - replyDeadline <= 0) {
      // Every request of this session was sent before its last client datagram: all timed out.
      expire(s, now, now);
      table.leavePending(s);
    }
    if (draining.getAsBoolean()) {
      return; // sessions stay until shutdown closes them, so late replies still reach clients
    }
    long idleDeadline = now - idleTimeoutNanos;
    while ((s = table.leastRecentlyUsed()) != null
        && SessionTable.lastSendNanos(s) - idleDeadline <= 0) {
      closeSession(s, false);
    }
  }

  /** Ends every pending request of {@code s} sent at or before {@code sentBefore} as timed out. */
  private void expire(Session s, long now, long sentBefore) {
    while (s.pending() > 0 && s.oldestSentAt() - sentBefore <= 0) {
      endOldest(s, Outcome.TIMEOUT, now);
      if (s.recordTimeout() >= REPICK_AFTER_TIMEOUTS) {
        s.markForRepick();
      }
    }
  }

  /** Requests awaiting a reply in all sessions of this loop. */
  int pendingRequests() {
    int[] sum = new int[1];
    table.forEach(s -> sum[0] += s.pending());
    return sum[0];
  }

  /** Closes the sessions bound to {@code route} (the end of its lame duck). */
  void closeSessionsOf(Route route) {
    List<Session> bound = new ArrayList<>();
    table.forEach(
        s -> {
          if (s.route() == route) {
            bound.add(s);
          }
        });
    bound.forEach(s -> closeSession(s, false));
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
    s.markClosed();
    releaseBackend(s);
    total.sessionsClosed.increment();
    if (evicted) {
      total.sessionsEvicted.increment();
    }
  }
}
