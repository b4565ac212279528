package io.github.fulcrumlb.sim.engine;

import java.util.Arrays;

/**
 * A priority queue of simulation events ordered by time: a binary min-heap over two parallel
 * primitive arrays, so that scheduling and polling an event never allocates or boxes (the arrays
 * only grow, by doubling, when more events are pending than ever before).
 *
 * <p>An event is a time in simulated nanoseconds and a {@code long} payload whose meaning belongs
 * to the caller (typically an event kind and an index packed together). Events with equal times
 * come out in an order that depends only on the sequence of operations, so a run is reproducible.
 * Not thread-safe: a simulation runs on one thread.
 *
 * <pre>{@code
 * EventQueue q = new EventQueue(64);
 * q.add(2_000, ARRIVAL);
 * q.add(1_000, DEPARTURE | slot);
 * long t = q.peekTime();   // 1_000
 * long payload = q.poll(); // DEPARTURE | slot
 * }</pre>
 */
public final class EventQueue {
  private long[] times;
  private long[] payloads;
  private int size;

  /** An empty queue with room for {@code initialCapacity} events before it grows. */
  public EventQueue(int initialCapacity) {
    int capacity = Math.max(4, initialCapacity);
    times = new long[capacity];
    payloads = new long[capacity];
  }

  /** Number of pending events. */
  public int size() {
    return size;
  }

  /** Whether no event is pending. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Schedules an event at {@code time} (simulated nanoseconds). */
  public void add(long time, long payload) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      payloads = Arrays.copyOf(payloads, size * 2);
    }
    int i = size++;
    long[] t = times;
    long[] p = payloads;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pt = t[parent];
      if (pt <= time) {
        break;
      }
      t[i] = pt;
      p[i] = p[parent];
      i = parent;
    }
    t[i] = time;
    p[i] = payload;
  }

  /** Time of the earliest event; the queue must not be empty. */
  public long peekTime() {
    if (size == 0) {
      throw new IllegalStateException("EventQueue is empty");
    }
    return times[0];
  }

  /** Removes the earliest event and returns its payload; the queue must not be empty. */
  public long poll() {
    if (size == 0) {
      throw new IllegalStateException("EventQueue is empty");
    }
    long[] t = times;
    long[] p = payloads;
    long result = p[0];
    int n = --size;
    long lastTime = t[n];
    long lastPayload = p[n];
    int i = 0;
    int half = n >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      long ct = t[child];
      int right = child + 1;
      if (right < n && t[right] < ct) {
        child = right;
        ct = t[right];
      }
      if (lastTime <= ct) {
        break;
      }
      t[i] = ct;
      p[i] = p[child];
      i = child;
    }
    t[i] = lastTime;
    p[i] = lastPayload;
    return result;
  }
}
