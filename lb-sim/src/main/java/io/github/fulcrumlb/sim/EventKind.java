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
  ARRIVAL(1),
  /** A request leaves its backend and frees its slot; index = request slot. */
  DEPARTURE(2),
  /** A request's client gives up; index = request slot. */
  TIMEOUT(3),
  /** Every host is sampled; no index. */
  SAMPLE(4),
  /** The oldest pending host sample reaches the balancers; no index. */
  DELIVER(5),
  /** Every balancer refreshes its strategy; no index. */
  REFRESH(6),
  /** A backend's background level changes; index = backend. */
  BACKGROUND(7),
  /** A fault begins; index = fault. */
  FAULT_START(8),
  /** A fault ends; index = fault. */
  FAULT_END(9),
  /** Health checks notice a backend's death or return; index = backend. */
  DETECT(10);

  private static final int SHIFT = 56;
  private static final EventKind[] BY_CODE = new EventKind[11];

  static {
    for (EventKind kind : values()) {
      BY_CODE[kind.code] = kind;
    }
  }

  /** The kind's number in the payload's top byte, 1 to 10. */
  private final int code;

  EventKind(int code) {
    this.code = code;
  }

  /** This kind's payload with no index. */
  long payload() {
    return (long) code << SHIFT;
  }

  /** This kind's payload carrying {@code index}, {@code >= 0}. */
  long with(int index) {
    return payload() | index;
  }

  /** The kind packed in {@code payload}. */
  static EventKind of(long payload) {
    int code = (int) (payload >>> SHIFT);
    EventKind kind = code < BY_CODE.length ? BY_CODE[code] : null;
    if (kind == null) {
      throw new IllegalStateException("unknown event " + Long.toHexString(payload));
    }
    return kind;
  }

  /** The index packed in {@code payload}. */
  static int index(long payload) {
    return (int) payload;
  }
}
