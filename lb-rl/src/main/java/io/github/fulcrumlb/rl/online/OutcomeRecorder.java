package io.github.fulcrumlb.rl.online;

import io.github.fulcrumlb.api.Endpoint;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The data-plane half of online learning: counts, per backend, the outcomes the strategy is told
 * of, in a few atomic sums that the learner reads on the control plane. Recording an outcome is a
 * lookup in an open-addressing table keyed by the endpoint's identity and four atomic adds: no
 * lock, no allocation.
 *
 * <p>Per backend it sums {@code log2(latency / (inFlight + 1))} over successful requests (the
 * observed cost per queued request, with the in-flight count read when the request ends: what the
 * learner fits) and counts failures. For the guard and the reward it also sums, in one of two banks
 * (requests that ended while the adapted costs were published, or while the frozen ones were, in a
 * control interval), the count, the latency and its square. Logarithms are fixed-point ({@value
 * #LOG_ONE} units per doubling) from the bit length and the next 16 bits, within 0.09 of the exact
 * value: enough to learn from, and a few nanoseconds. Latencies are summed in microseconds; the
 * sums may wrap, which the learner's differences between two reads survive.
 *
 * <p>One recorder serves one set of endpoints (the backends of one update, in the same order); the
 * learner replaces it when membership changes.
 */
public final class OutcomeRecorder {

  /** Fixed-point unit of the recorded base-2 logarithms. */
  public static final long LOG_ONE = 1L << 16;

  /** Longs per backend: two cache lines, so that two busy backends never share one. */
  static final int STRIDE = 16;

  static final int SUM_LOG_COST = 0; // over successful requests of both banks
  static final int FAILURES = 1;
  static final int BANK = 2; // first field of bank 0 (adapted); bank 1 (control) follows
  static final int BANK_COUNT = 0;
  static final int BANK_SUM_MICROS = 1;
  static final int BANK_SUM_SQUARED_MICROS = 2;
  static final int BANK_FIELDS = 3;
  static final int FIELDS = BANK + 2 * BANK_FIELDS;

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  private final Endpoint[] endpoints;
  private final Object[] keys; // open addressing on endpoint identity; null = empty
  private final int[] slots;
  private final int mask;
  private final long[] sums; // STRIDE per backend, from index STRIDE (line 0 is padding)

  /**
   * @param endpoints the backends, in the order the picker indexes them
   */
  public OutcomeRecorder(Endpoint[] endpoints) {
    this.endpoints = endpoints.clone();
    int capacity = Integer.highestOneBit(Math.max(4, endpoints.length * 4 - 1)) << 1;
    this.keys = new Object[capacity];
    this.slots = new int[capacity];
    this.mask = capacity - 1;
    for (int i = 0; i < endpoints.length; i++) {
      int h = hash(endpoints[i]) & mask;
      while (keys[h] != null && keys[h] != endpoints[i]) {
        h = (h + 1) & mask;
      }
      keys[h] = endpoints[i];
      slots[h] = i;
    }
    this.sums = new long[(endpoints.length + 2) * STRIDE];
  }

  /**
   * Whether this recorder was made for exactly these endpoints, in this order: the same objects,
   * since an endpoint's counters live in it (equal ids would not do).
   */
  @SuppressWarnings("ReferenceEquality") // identity is the point: the counters are per object
  public boolean covers(Endpoint[] others) {
    if (others.length != endpoints.length) {
      return false;
    }
    for (int i = 0; i < others.length; i++) {
      if (others[i] != endpoints[i]) {
        return false;
      }
    }
    return true;
  }

  /** The slot of {@code endpoint}, or -1 when it is not one of this recorder's. */
  public int slotOf(Endpoint endpoint) {
    int h = hash(endpoint) & mask;
    while (true) {
      Object k = keys[h];
      if (k == endpoint) {
        return slots[h];
      }
      if (k == null) {
        return -1;
      }
      h = (h + 1) & mask;
    }
  }

  /**
   * Records one ended request. Data plane: allocation-free and lock-free.
   *
   * @param endpoint where it went; an endpoint this recorder does not know is ignored
   * @param latencyNanos how long it took
   * @param success whether it succeeded (failures are counted, their latency is not learned from)
   * @param control whether the frozen costs were published when it ended (a control interval)
   */
  public void record(Endpoint endpoint, long latencyNanos, boolean success, boolean control) {
    int slot = slotOf(endpoint);
    if (slot < 0) {
      return;
    }
    int b = base(slot);
    if (!success) {
      LONGS.getAndAdd(sums, b + FAILURES, 1L);
      return;
    }
    long latency = Math.max(1L, latencyNanos);
    long logLatency = log2Fixed(latency);
    long micros = latency / 1000;
    int bank = b + BANK + (control ? BANK_FIELDS : 0);
    LONGS.getAndAdd(sums, bank + BANK_COUNT, 1L);
    LONGS.getAndAdd(sums, bank + BANK_SUM_MICROS, micros);
    LONGS.getAndAdd(sums, bank + BANK_SUM_SQUARED_MICROS, micros * micros);
    int inFlight = Math.max(0, endpoint.load().inFlight());
    LONGS.getAndAdd(sums, b + SUM_LOG_COST, logLatency - log2Fixed(inFlight + 1L));
  }

  /**
   * Copies the running sums of backend {@code slot} into {@code out} ({@value #FIELDS} longs, in
   * the order of this class's field constants). Control plane; the learner subtracts the previous
   * copy.
   */
  void read(int slot, long[] out) {
    int b = base(slot);
    for (int f = 0; f < FIELDS; f++) {
      out[f] = (long) LONGS.getVolatile(sums, b + f);
    }
  }

  /**
   * {@code log2(x)} in {@link #LOG_ONE} units for {@code x >= 1}: the bit length plus the next 16
   * bits read as a fraction (linear between powers of two; at most 0.086 below the exact value).
   */
  static long log2Fixed(long x) {
    int leading = Long.numberOfLeadingZeros(x);
    int exponent = 63 - leading;
    long fraction = exponent == 0 ? 0 : ((x << (leading + 1)) >>> 48); // 16 bits below the top
    return ((long) exponent << 16) | fraction;
  }

  private static int base(int slot) {
    return (slot + 1) * STRIDE;
  }

  private static int hash(Object key) {
    int h = System.identityHashCode(key);
    return h ^ (h >>> 16);
  }
}
