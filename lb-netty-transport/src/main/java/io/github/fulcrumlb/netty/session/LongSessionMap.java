package io.github.fulcrumlb.netty.session;

/**
 * An open-addressing hash map from a non-zero {@code long} key to a {@link Session}: linear probing,
 * backward-shift deletion, power-of-two capacity sized once for the maximum number of sessions, so
 * that lookups, inserts and removals never allocate. Confined to one event loop.
 *
 * <pre>{@code
 * LongSessionMap map = new LongSessionMap(1024);
 * map.put(key, session);
 * Session s = map.get(key);
 * }</pre>
 */
public final class LongSessionMap {
  private final long[] keys;
  private final Session[] values;
  private final int mask;
  private int size;

  /** A map that holds up to {@code maxEntries} entries at a load factor of at most 1/2. */
  public LongSessionMap(int maxEntries) {
    int capacity = Integer.highestOneBit(Math.max(4, maxEntries) * 2 - 1) << 1;
    keys = new long[capacity];
    values = new Session[capacity];
    mask = capacity - 1;
  }

  /** Number of entries. */
  public int size() {
    return size;
  }

  /** The session under {@code key}, or {@code null}. */
  public Session get(long key) {
    int i = index(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == 0) {
        return null;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Puts a session under a key that is not in the map.
   *
   * @throws IllegalArgumentException if the key is 0
   * @throws IllegalStateException if the map is full
   */
  public void put(long key, Session value) {
    if (key == 0) {
      throw new IllegalArgumentException("key 0 is reserved");
    }
    if (size >= keys.length / 2) {
      throw new IllegalStateException("LongSessionMap is full: " + size);
    }
    int i = index(key);
    while (keys[i] != 0) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    size++;
  }

  /** Removes the entry under {@code key}, if any. */
  public void remove(long key) {
    int i = index(key);
    while (true) {
      long k = keys[i];
      if (k == 0) {
        return;
      }
      if (k == key) {
        break;
      }
      i = (i + 1) & mask;
    }
    // Backward-shift deletion: move later entries of the probe run into the hole.
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      long k = keys[j];
      if (k == 0) {
        break;
      }
      int home = index(k);
      // Move k into the hole if its home is not cyclically within (hole, j].
      boolean between = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (!between) {
        keys[hole] = k;
        values[hole] = values[j];
        hole = j;
      }
    }
    keys[hole] = 0;
    values[hole] = null;
    size--;
  }

  private int index(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
