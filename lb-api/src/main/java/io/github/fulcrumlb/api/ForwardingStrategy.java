package io.github.fulcrumlb.api;

/**
 * A strategy that passes every call to another one, found through {@link #delegate()}: the base for
 * wrappers that add one concern (recording outcomes, filtering backends, replacing the strategy on
 * a reload) and keep the wrapped strategy's name and picks. Override only what the wrapper changes;
 * each call it does not override costs one extra call, which the JIT inlines.
 *
 * <p>As in Guava's {@code ForwardingObject}, the subclass says where calls go: a final field for a
 * fixed wrapper, a volatile one for a strategy replaced at run time. {@link #delegate()} is called
 * once per forwarded call, on the data plane too, so it must be as cheap as a field read.
 *
 * <pre>{@code
 * final class CountingStrategy extends ForwardingStrategy {
 *   final LongAdder outcomes = new LongAdder();
 *   private final Strategy delegate;
 *
 *   CountingStrategy(Strategy delegate) {
 *     this.delegate = delegate;
 *   }
 *
 *   @Override
 *   protected Strategy delegate() {
 *     return delegate;
 *   }
 *
 *   @Override
 *   public void onOutcome(Endpoint endpoint, long latencyNanos, boolean success) {
 *     outcomes.increment();
 *     super.onOutcome(endpoint, latencyNanos, success);
 *   }
 * }
 * }</pre>
 */
public abstract class ForwardingStrategy implements Strategy {

  /** For subclasses. */
  protected ForwardingStrategy() {}

  /** The strategy calls go to now; never {@code null}. */
  protected abstract Strategy delegate();

  @Override
  public String name() {
    return delegate().name();
  }

  @Override
  public void update(ClusterSnapshot cluster) {
    delegate().update(cluster);
  }

  @Override
  public Endpoint tryPick(long key) {
    return delegate().tryPick(key);
  }

  @Override
  public void onOutcome(Endpoint endpoint, long latencyNanos, boolean success) {
    delegate().onOutcome(endpoint, latencyNanos, success);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + delegate() + '}';
  }
}
