package io.github.fulcrumlb.sim;

/**
 * What an event of a {@link ClusterRun} is about. An event's payload in the {@link
 * io.github.fulcrumlb.sim.engine.EventQueue} packs its kind in the top byte and an index (request
 * slot, backend or fault, by kind) in the low 32 bits, so that scheduling allocates nothing.
 *
 * <pre>{@code
 * queue.add(done, EventKind.DEPARTURE.with(slot));
 * long payload = queue.poll();
 * switch (EventKind.of(payload)) { case DEPARTURE -> onDeparture(EventKind.index(payload)); ... }
 * }</pre>
 */
enum EventKind {
  /** The next request arrives; no index. */
  ARRIVAL,
  /** A request leaves its backend and frees its slot; index = request slot. */
  DEPARTURE,
  /** A request's client gives up; index = request slot. */
  TIMEOUT,
  /** Every host is sampled; no index. */
  SAMPLE,
  /** The oldest pending host sample reaches the balancers; no index. */
  DELIVER,
  /** Every balancer refreshes its strategy; no index. */
  REFRESH,
  /** A backend's background level changes; index = backend. */
  BACKGROUND,
  /** A fault begins; index = fault. */
  FAULT_START,
  /** A fault ends; index = fault. */
  FAULT_END,
  /** Health checks notice a backend's death or return; index = backend. */
  DETECT;

  private static final int SHIFT = 56;
  private static final EventKind[] BY_CODE = values();

  /** This kind's payload with no index. */
  long payload() {
    return (long) (ordinal() + 1) << SHIFT;
  }

  /** This kind's payload carrying {@code index}, {@code >= 0}. */
  long with(int index) {
    return payload() | index;
  }

  /** The kind packed in {@code payload}. */
  static EventKind of(long payload) {
    int code = (int) (payload >>> SHIFT);
    if (code < 1 || code > BY_CODE.length) {
      throw new IllegalStateException("unknown event " + Long.toHexString(payload));
    }
    return BY_CODE[code - 1];
  }

  /** The index packed in {@code payload}. */
  static int index(long payload) {
    return (int) payload;
  }
}
