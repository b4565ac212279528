package io.github.fulcrumlb.netty.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The sessions of one event loop, bounded: found by client address without allocating (IPv4 address
 * and port packed into a {@code long} key of a {@link Long2ObjectHashMap}; IPv6 clients in a plain
 * map), ordered by last client datagram (LRU) for idle expiry and eviction, and, separately, the
 * sessions with requests awaiting a reply, also by last send, for reply timeouts. Confined to its
 * event loop: no locks.
 *
 * <p>Holding at most {@code maxSessions} sessions, each with a preallocated ring of pending
 * requests, the table's memory is bounded whatever the number of source addresses that send to it:
 * a flood of spoofed sources only evicts the least recently used sessions.
 *
 * <pre>{@code
 * SessionTable table = new SessionTable(10_000, 64);
 * Session s = table.find(sender);
 * if (s == null) {
 *   if (table.isFull()) close(table.leastRecentlyUsed());
 *   s = table.open(sender);
 * }
 * table.touch(s, System.nanoTime());
 * }</pre>
 */
final class SessionTable {
  private static final long IPV4_TAG = 1L << 48;

  private final int maxSessions;
  private final int maxPending;
  private final Long2ObjectHashMap<Session> ipv4;
  private final Map<InetSocketAddress, Session> other = new HashMap<>();
  private Session lruHead; // most recent
  private Session lruTail; // least recent
  private Session pendingHead;
  private Session pendingTail;

  /**
   * @param maxSessions most sessions held
   * @param maxPending most requests per session awaiting a reply
   */
  public SessionTable(int maxSessions, int maxPending) {
    this.maxSessions = maxSessions;
    this.maxPending = maxPending;
    // Capacity for maxSessions at a load factor of 1/2: the table never resizes, so it never
    // allocates after construction.
    this.ipv4 = new Long2ObjectHashMap<>(Math.max(8, maxSessions * 2), 0.5f);
  }

  /** Sessions held. */
  public int size() {
    return ipv4.size() + other.size();
  }

  /** Whether a new session needs an old one closed first. */
  public boolean isFull() {
    return size() >= maxSessions;
  }

  /** The session of this client, or {@code null}. Allocation-free for IPv4 clients. */
  public Session find(InetSocketAddress client) {
    long key = key(client);
    return key != 0 ? ipv4.get(key) : other.get(client);
  }

  /**
   * Opens a session for a client that has none.
   *
   * @throws IllegalStateException if the table is full
   */
  public Session open(InetSocketAddress client) {
    if (isFull()) {
      throw new IllegalStateException("session table is full: " + size());
    }
    long key = key(client);
    Session s = new Session(key, client, maxPending);
    if (key != 0) {
      ipv4.put(key, s);
    } else {
      other.put(client, s);
    }
    linkLruHead(s);
    return s;
  }

  /** Removes a session from the table and both lists. */
  public void remove(Session s) {
    if (s.key != 0) {
      ipv4.remove(s.key);
    } else {
      other.remove(s.client);
    }
    unlinkLru(s);
    leavePending(s);
  }

  /** Records a client datagram: most recently used, and at the head of the pending list. */
  public void touch(Session s, long nowNanos) {
    s.lastSendNanos = nowNanos;
    if (lruHead != s) {
      unlinkLru(s);
      linkLruHead(s);
    }
    if (pendingHead != s) {
      leavePending(s);
      s.pendingNext = pendingHead;
      if (pendingHead != null) {
        pendingHead.pendingPrev = s;
      }
      pendingHead = s;
      if (pendingTail == null) {
        pendingTail = s;
      }
      s.inPendingList = true;
    }
  }

  /**
   * Puts a session that has just recorded a pending request back on the pending list, at the head
   * (its last client datagram is the newest), if an earlier outcome took it off since {@link
   * #touch}.
   */
  void awaitReply(Session s) {
    if (s.inPendingList) {
      return;
    }
    s.pendingPrev = null;
    s.pendingNext = pendingHead;
    if (pendingHead != null) {
      pendingHead.pendingPrev = s;
    }
    pendingHead = s;
    if (pendingTail == null) {
      pendingTail = s;
    }
    s.inPendingList = true;
  }

  /** Takes a session whose requests have all been answered or expired off the pending list. */
  public void leavePending(Session s) {
    if (!s.inPendingList) {
      return;
    }
    if (s.pendingPrev != null) {
      s.pendingPrev.pendingNext = s.pendingNext;
    } else {
      pendingHead = s.pendingNext;
    }
    if (s.pendingNext != null) {
      s.pendingNext.pendingPrev = s.pendingPrev;
    } else {
      pendingTail = s.pendingPrev;
    }
    s.pendingPrev = null;
    s.pendingNext = null;
    s.inPendingList = false;
  }

  /** The least recently used session, or {@code null}. */
  public Session leastRecentlyUsed() {
    return lruTail;
  }

  /** The session on the pending list whose last client datagram is oldest, or {@code null}. */
  public Session oldestPending() {
    return pendingTail;
  }

  /** When the session last received a client datagram ({@code System.nanoTime()}). */
  public static long lastSendNanos(Session s) {
    return s.lastSendNanos;
  }

  /** Calls {@code action} for every session (for shutdown and drain); do not modify the table. */
  public void forEach(java.util.function.Consumer<Session> action) {
    for (Session s = lruHead; s != null; s = s.lruNext) {
      action.accept(s);
    }
  }

  /** Packs an IPv4 address and port into a non-zero key, or returns 0 for other addresses. */
  static long key(InetSocketAddress client) {
    InetAddress a = client.getAddress();
    if (a instanceof Inet4Address) {
      // Inet4Address.hashCode() is the address as an int; no byte array is copied.
      return IPV4_TAG | ((a.hashCode() & 0xFFFF_FFFFL) << 16) | client.getPort();
    }
    return 0;
  }

  private void linkLruHead(Session s) {
    s.lruPrev = null;
    s.lruNext = lruHead;
    if (lruHead != null) {
      lruHead.lruPrev = s;
    }
    lruHead = s;
    if (lruTail == null) {
      lruTail = s;
    }
  }

  private void unlinkLru(Session s) {
    if (s.lruPrev != null) {
      s.lruPrev.lruNext = s.lruNext;
    } else if (lruHead == s) {
      lruHead = s.lruNext;
    }
    if (s.lruNext != null) {
      s.lruNext.lruPrev = s.lruPrev;
    } else if (lruTail == s) {
      lruTail = s.lruPrev;
    }
    s.lruPrev = null;
    s.lruNext = null;
  }
}
