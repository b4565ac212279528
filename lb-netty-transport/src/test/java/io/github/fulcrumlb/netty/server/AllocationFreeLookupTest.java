package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * The per-datagram session work allocates nothing: lookup by client address, LRU touch, pending
 * ring add/match/drop. Measured with HotSpot's per-thread allocation counter around a million
 * operations (a few hundred bytes of slack for the counter reads themselves).
 */
class AllocationFreeLookupTest {
  @Test
  void findTouchAndPendingRingAllocateNothing() {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeThat(mx.isThreadAllocatedMemorySupported()).isTrue();
    SessionTable table = new SessionTable(1_024, 64);
    InetSocketAddress[] clients = new InetSocketAddress[1_000];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = new InetSocketAddress("127.0." + (i >> 8) + "." + (i & 0xFF), 20_000 + i);
      table.open(clients[i]);
    }
    var route = new Route("a", new InetSocketAddress("127.0.0.1", 9));
    InetSocketAddress backend = route.address();
    run(table, clients, route, backend, 200_000); // warm up: let the JIT compile it
    long tid = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(tid);
    run(table, clients, route, backend, 1_000_000);
    long allocated = mx.getThreadAllocatedBytes(tid) - before;
    assertThat(allocated).as("bytes allocated by 1M lookups").isLessThan(1_024);
  }

  private static void run(
      SessionTable table,
      InetSocketAddress[] clients,
      Route route,
      InetSocketAddress backend,
      int n) {
    for (int i = 0; i < n; i++) {
      Session s = table.find(clients[i % clients.length]);
      table.touch(s, i);
      s.addPending(i, null, route);
      if (s.moveOldestFrom(backend)) {
        s.dropOldest();
      }
      if (s.pending() == 0) {
        table.leavePending(s);
      }
    }
  }
}
