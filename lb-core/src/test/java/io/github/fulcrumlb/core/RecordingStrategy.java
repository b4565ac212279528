package io.github.fulcrumlb.core;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.StrategyProvider;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A test-only strategy written against lb-api alone: picks endpoint {@code key mod size} of the
 * last snapshot (so tests choose the backend through the key) and records every update.
 */
public final class RecordingStrategy implements Strategy {
  private final List<ClusterSnapshot> updates = new CopyOnWriteArrayList<>();
  private final AtomicLong outcomes = new AtomicLong();
  private final StrategyContext context;
  private volatile ClusterSnapshot current = ClusterSnapshot.EMPTY;
  private volatile long lastKey;
  private volatile Thread lastUpdateThread;

  public RecordingStrategy() {
    this(StrategyContext.DEFAULT);
  }

  RecordingStrategy(StrategyContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "test-recording";
  }

  @Override
  public void update(ClusterSnapshot cluster) {
    synchronized (this) {
      current = cluster;
      lastUpdateThread = Thread.currentThread();
      updates.add(cluster);
      notifyAll();
    }
  }

  @Override
  public Endpoint tryPick(long key) {
    lastKey = key;
    ClusterSnapshot s = current;
    if (s.isEmpty()) {
      return null;
    }
    return s.endpoint((int) Long.remainderUnsigned(key, s.size()));
  }

  @Override
  public void onOutcome(Endpoint endpoint, long latencyNanos, boolean success) {
    outcomes.incrementAndGet();
  }

  ClusterSnapshot last() {
    return current;
  }

  List<ClusterSnapshot> updates() {
    return List.copyOf(updates);
  }

  long outcomes() {
    return outcomes.get();
  }

  long lastKey() {
    return lastKey;
  }

  Thread lastUpdateThread() {
    return lastUpdateThread;
  }

  StrategyContext context() {
    return context;
  }

  /** Waits, at most {@code timeout}, for an update whose snapshot matches; returns it or fails. */
  synchronized ClusterSnapshot awaitUpdate(Predicate<ClusterSnapshot> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(current)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("No matching update within " + timeout + "; last: " + current);
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return current;
  }

  /** Registers {@link RecordingStrategy} under the name {@code "test-recording"}. */
  public static final class Provider implements StrategyProvider {
    static volatile RecordingStrategy lastCreated;

    @Override
    public String name() {
      return "test-recording";
    }

    @Override
    public String description() {
      return "Test only: picks key mod size and records updates";
    }

    @Override
    public Strategy create(StrategyContext context) {
      context.requireOnly(name(), Set.of("label"));
      RecordingStrategy s = new RecordingStrategy(context);
      lastCreated = s;
      return s;
    }
  }
}
