package io.github.fulcrumlb.sim;

import io.github.fulcrumlb.api.Endpoint;
import java.util.Arrays;

/**
 * The requests in flight in a {@link ClusterRun}, in recycled slots of parallel arrays so that a
 * request costs no allocation: when it arrived, which backend and balancer have it, the endpoint
 * its balancer picked, and its state flags. A slot is taken on admission and freed by the request's
 * departure event, always its last. The arrays double when every slot is taken. Not thread-safe.
 */
final class RequestSlots {
  /** The slot holds a request. */
  static final byte IN_USE = 1;

  /** The request's client has its outcome (answer, timeout or failure). */
  static final byte CLIENT_DONE = 2;

  /** The request's backend crashed while it was there. */
  static final byte KILLED = 4;

  /** The request arrived after the warm-up and counts in the statistics. */
  static final byte MEASURED = 8;

  private static final int INITIAL = 1024;

  long[] arrivalAt = new long[INITIAL];
  int[] backendOf = new int[INITIAL];
  int[] balancerOf = new int[INITIAL];
  Endpoint[] endpointOf = new Endpoint[INITIAL];
  byte[] flags = new byte[INITIAL];
  private int[] freeSlots = new int[INITIAL];
  private int freeCount;
  private int everUsed;
  private int live;

  RequestSlots() {
    for (int i = 0; i < INITIAL; i++) {
      freeSlots[i] = INITIAL - 1 - i;
    }
    freeCount = INITIAL;
  }

  /** Takes a free slot (the lowest-numbered first, at the start) and returns its index. */
  int allocate() {
    if (freeCount == 0) {
      grow();
    }
    int slot = freeSlots[--freeCount];
    everUsed = Math.max(everUsed, slot + 1);
    live++;
    return slot;
  }

  /** Clears {@code slot} and makes it free again. */
  void free(int slot) {
    flags[slot] = 0;
    endpointOf[slot] = null;
    freeSlots[freeCount++] = slot;
    live--;
  }

  /** Requests holding a slot now. */
  int live() {
    return live;
  }

  /** One past the highest slot index ever taken: every slot in use is below it. */
  int everUsed() {
    return everUsed;
  }

  private void grow() {
    int old = flags.length;
    int size = old * 2;
    arrivalAt = Arrays.copyOf(arrivalAt, size);
    backendOf = Arrays.copyOf(backendOf, size);
    balancerOf = Arrays.copyOf(balancerOf, size);
    endpointOf = Arrays.copyOf(endpointOf, size);
    flags = Arrays.copyOf(flags, size);
    freeSlots = Arrays.copyOf(freeSlots, size);
    for (int i = 0; i < old; i++) {
      freeSlots[freeCount++] = size - 1 - i;
    }
  }
}
