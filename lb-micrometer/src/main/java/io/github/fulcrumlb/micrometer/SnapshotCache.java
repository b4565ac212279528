package io.github.fulcrumlb.micrometer;

import java.lang.ref.WeakReference;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The last snapshot ({@code stats()}) of a weakly held source, taken again only when older than
 * {@code maxAgeNanos}: one scrape reads every meter of every backend from one snapshot instead of
 * taking one per meter. Thread-safe; never keeps the source alive.
 */
final class SnapshotCache<S, T> {
  private final WeakReference<S> source;
  private final Function<S, T> snapshot;
  private final LongSupplier nanoTime;
  private final long maxAgeNanos;
  private T last;
  private long takenAtNanos;
  private boolean taken;

  SnapshotCache(S source, Function<S, T> snapshot, LongSupplier nanoTime, long maxAgeNanos) {
    this.source = new WeakReference<>(source);
    this.snapshot = snapshot;
    this.nanoTime = nanoTime;
    this.maxAgeNanos = maxAgeNanos;
  }

  /** The source while it is reachable, else {@code null}. */
  S source() {
    return source.get();
  }

  /** A snapshot at most {@code maxAgeNanos} old, or {@code null} once the source is gone. */
  synchronized T get() {
    long now = nanoTime.getAsLong();
    if (taken && now - takenAtNanos < maxAgeNanos) {
      return last;
    }
    S s = source.get();
    if (s == null) {
      last = null;
      return null;
    }
    last = snapshot.apply(s);
    takenAtNanos = now;
    taken = true;
    return last;
  }

  /** Forgets the snapshot, so that the next {@link #get} takes a new one. */
  synchronized void invalidate() {
    taken = false;
  }
}
