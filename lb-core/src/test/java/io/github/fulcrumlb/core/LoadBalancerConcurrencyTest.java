package io.github.fulcrumlb.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.LoadTracker;
import io.github.fulcrumlb.api.NoBackendAvailableException;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LoadBalancerConcurrencyTest {
  private static final int PICKERS = 4;
  private static final int OPS_PER_PICKER = 50_000;
  private static final int MEMBERSHIP_CHANGES = 1_000;
  private static final long TIME_BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static final List<Backend> STABLE =
      List.of(Backend.of("stable-a", "10.0.0.1", 80), Backend.of("stable-b", "10.0.0.2", 80));

  @Test
  @Timeout(60)
  void picksAndReportsDuringMembershipChangesLeaveNothingInFlight() throws Exception {
    List<Backend> churn = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      churn.add(Backend.of("churn-" + i, "10.0.1." + i, 80));
    }
    RecordingStrategy strategy = new RecordingStrategy();
    LoadBalancer lb =
        LoadBalancer.builder()
            .backends(STABLE)
            .strategy(strategy)
            .time(new ManualTimeSource())
            .random(new SeededRandomSource(3))
            .manualRefresh()
            .build();

    long deadline = System.nanoTime() + TIME_BOUND_NANOS;
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    AtomicInteger noBackend = new AtomicInteger();
    AtomicLong operations = new AtomicLong();
    AtomicInteger changes = new AtomicInteger();
    List<Set<LoadTracker>> returned = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();

    for (int p = 0; p < PICKERS; p++) {
      Set<LoadTracker> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      returned.add(seen);
      threads.add(
          new Thread(
              () -> {
                await(start);
                for (int op = 0; op < OPS_PER_PICKER && System.nanoTime() < deadline; op++) {
                  try {
                    operate(lb, op, seen);
                    operations.incrementAndGet();
                  } catch (NoBackendAvailableException e) {
                    noBackend.incrementAndGet();
                  } catch (Throwable t) {
                    unexpected.add(t);
                  }
                }
              },
              "picker-" + p));
    }
    threads.add(
        new Thread(
            () -> {
              await(start);
              for (int i = 0; i < MEMBERSHIP_CHANGES && System.nanoTime() < deadline; i++) {
                try {
                  changeMembership(lb, i, churn);
                  changes.incrementAndGet();
                } catch (Throwable t) {
                  unexpected.add(t);
                }
              }
            },
            "membership"));

    threads.forEach(Thread::start);
    start.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.NANOSECONDS.toMillis(TIME_BOUND_NANOS) + 10_000);
      assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
    }
    lb.close();

    assertThat(unexpected).isEmpty();
    assertThat(noBackend).as("the two stable backends never leave").hasValue(0);
    assertThat(changes).hasValue(MEMBERSHIP_CHANGES);
    assertThat(operations).hasValue((long) PICKERS * OPS_PER_PICKER);

    Set<LoadTracker> everyTracker = Collections.newSetFromMap(new IdentityHashMap<>());
    returned.forEach(everyTracker::addAll);
    for (ClusterSnapshot s : strategy.updates()) {
      for (Endpoint e : s.endpoints()) {
        everyTracker.add(e.load());
      }
    }
    assertThat(everyTracker).hasSizeGreaterThan(STABLE.size());
    assertThat(everyTracker).allSatisfy(t -> assertThat(t.inFlight()).isZero());
  }

  /** One request, in one of the four ways the data plane offers. */
  private static void operate(LoadBalancer lb, int op, Set<LoadTracker> seen) throws Exception {
    switch (op % 4) {
      case 0 -> {
        Endpoint e = lb.pick();
        seen.add(e.load());
        lb.report(e, 1_000 + op % 1_000, op % 50 != 0);
      }
      case 1 -> {
        Endpoint e = lb.pick("user-" + op % 100);
        seen.add(e.load());
        lb.cancel(e);
      }
      case 2 -> {
        try {
          lb.execute(
              backend -> {
                if (op % 7 == 0) {
                  throw new IOException("simulated failure");
                }
                return backend;
              });
        } catch (IOException expected) {
          // the call's own failure, rethrown by execute
        }
      }
      default -> {
        Endpoint e = lb.pick(op);
        seen.add(e.load());
        lb.report(e, 500, true);
      }
    }
  }

  private static void changeMembership(LoadBalancer lb, int i, List<Backend> churn) {
    switch (i % 4) {
      case 0 -> lb.addBackend(churn.get(i % churn.size()));
      case 1 -> lb.removeBackend(churn.get((i * 7) % churn.size()).id());
      case 2 -> {
        List<Backend> next = new ArrayList<>(STABLE);
        for (int j = 0; j < churn.size(); j++) {
          if (((i >> 2) + j) % 3 == 0) {
            next.add(churn.get(j));
          }
        }
        lb.setBackends(next);
      }
      default -> lb.refresh();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("start signal not given");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
