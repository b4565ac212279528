package io.github.fulcrumlb.netty.testing;

import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.api.StrategyProvider;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tests only: strategy {@value #NAME}, which picks the first ready backend and, once {@link
 * #holdNextPick()} armed it, holds the event loop in its next pick until released (at most 10 s):
 * whatever reaches the balancer's sockets meanwhile waits in their kernel buffers.
 */
public final class HoldingStrategyProvider implements StrategyProvider {
  /** Its registered name. */
  public static final String NAME = "test-holds-loop";

  private static final AtomicReference<Hold> NEXT = new AtomicReference<>();

  /** Makes the next pick, on whichever loop it runs, wait for {@link Hold#release()}. */
  public static Hold holdNextPick() {
    Hold hold = new Hold();
    NEXT.set(hold);
    return hold;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "tests only: picks the first backend; can hold the event loop in a pick";
  }

  @Override
  public Strategy create(StrategyContext context) {
    return new Strategy() {
      private volatile Endpoint[] endpoints = new Endpoint[0];

      @Override
      public String name() {
        return NAME;
      }

      @Override
      public void update(ClusterSnapshot cluster) {
        endpoints = cluster.endpoints().toArray(new Endpoint[0]);
      }

      @Override
      public Endpoint tryPick(long key) {
        Hold hold = NEXT.getAndSet(null);
        if (hold != null) {
          hold.holdHere();
        }
        Endpoint[] e = endpoints;
        return e.length == 0 ? null : e[0];
      }
    };
  }

  /** One armed hold of an event loop. */
  public static final class Hold {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Hold() {}

    private void holdHere() {
      held.countDown();
      try {
        released.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Whether a pick is being held, waiting up to {@code millis}. */
    public boolean awaitHeld(long millis) throws InterruptedException {
      return held.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Lets the held pick go on. */
    public void release() {
      released.countDown();
    }
  }
}
