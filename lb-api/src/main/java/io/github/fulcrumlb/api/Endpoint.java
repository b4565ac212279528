package io.github.fulcrumlb.api;

/**
 * A backend as a strategy sees it: the {@link Backend} value, its live {@link LoadTracker}, and its
 * current effective weight (the configured weight, reduced for example while a new backend warms
 * up).
 *
 * <p>An endpoint keeps the same tracker across snapshots for as long as the backend stays a member,
 * so counters survive membership and weight changes. {@link Strategy#pick} returns an endpoint so
 * the caller can report the outcome to exactly the counters it used.
 */
public final class Endpoint {
  private final Backend backend;
  private final LoadTracker load;
  private final double weight;

  /**
   * @param backend the backend
   * @param load its live counters
   * @param weight effective weight, finite and {@code > 0}
   */
  public Endpoint(Backend backend, LoadTracker load, double weight) {
    this.backend = Checks.nonNull("Endpoint.backend", backend);
    this.load = Checks.nonNull("Endpoint.load", load);
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "Endpoint.weight must be a finite number > 0 but was " + weight);
    }
    this.weight = weight;
  }

  /** An endpoint with a fresh tracker and the backend's configured weight. */
  public static Endpoint of(Backend backend) {
    return new Endpoint(backend, new LoadTracker(), Checks.nonNull("backend", backend).weight());
  }

  /** The backend value. */
  public Backend backend() {
    return backend;
  }

  /** The backend's id, shorthand for {@code backend().id()}. */
  public String id() {
    return backend.id();
  }

  /** Live counters shared by every snapshot this backend appears in. */
  public LoadTracker load() {
    return load;
  }

  /** Effective weight: the configured weight, possibly reduced (slow start). */
  public double weight() {
    return weight;
  }

  /** This endpoint with another effective weight and the same tracker. */
  public Endpoint withWeight(double newWeight) {
    return newWeight == weight ? this : new Endpoint(backend, load, newWeight);
  }

  /** Equal when the backend is equal, the tracker is the same object and the weight is equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Endpoint other
        && backend.equals(other.backend)
        && load == other.load
        && Double.compare(weight, other.weight) == 0;
  }

  @Override
  public int hashCode() {
    int h = backend.hashCode();
    h = 31 * h + System.identityHashCode(load);
    return 31 * h + Double.hashCode(weight); // no varargs array: usable on a hot path
  }

  @Override
  public String toString() {
    return "Endpoint{"
        + backend.id()
        + " "
        + backend.host()
        + ':'
        + backend.port()
        + ", weight="
        + weight
        + ", "
        + load
        + '}';
  }
}
