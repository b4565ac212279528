package io.github.fulcrumlb.api;

/**
 * A strategy that passes every call to another one: the base for wrappers that add one concern
 * (recording outcomes, filtering backends) and keep the wrapped strategy's name and picks. Override
 * only what the wrapper changes; each method it does not override costs one extra call, which the
 * JIT inlines.
 *
 * <pre>{@code
 * final class CountingStrategy extends ForwardingStrategy {
 *   final LongAdder outcomes = new LongAdder();
 *
 *   CountingStrategy(Strategy delegate) {
 *     super(delegate);
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
  private final Strategy delegate;

  /**
   * @param delegate the strategy every call goes to
   */
  protected ForwardingStrategy(Strategy delegate) {
    this.delegate = Checks.nonNull("delegate", delegate);
  }

  /** The wrapped strategy. */
  public final Strategy delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void update(ClusterSnapshot cluster) {
    delegate.update(cluster);
  }

  @Override
  public Endpoint tryPick(long key) {
    return delegate.tryPick(key);
  }

  @Override
  public void onOutcome(Endpoint endpoint, long latencyNanos, boolean success) {
    delegate.onOutcome(endpoint, latencyNanos, success);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + delegate + '}';
  }
}
