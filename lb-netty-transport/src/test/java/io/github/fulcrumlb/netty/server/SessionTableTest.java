package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SessionTableTest {
  private static InetSocketAddress client(int i) {
    return new InetSocketAddress("127.0." + (i >> 8 & 0xFF) + "." + (i & 0xFF), 10_000 + i);
  }

  @Test
  void findsSessionsByClientAddressAndPort() {
    SessionTable table = new SessionTable(10, 4);
    Session a = table.open(client(1));
    Session b = table.open(new InetSocketAddress("127.0.0.2", 10_002));
    assertThat(table.find(new InetSocketAddress("127.0.0.1", 10_001))).isSameAs(a);
    assertThat(table.find(client(2))).isSameAs(b);
    assertThat(table.find(new InetSocketAddress("127.0.0.1", 10_003))).isNull();
    assertThat(table.find(new InetSocketAddress("127.0.0.2", 10_001))).isNull();
  }

  @Test
  void ipv6ClientsHaveSessionsToo() {
    SessionTable table = new SessionTable(10, 4);
    InetSocketAddress v6 = new InetSocketAddress("::1", 5000);
    Session s = table.open(v6);
    assertThat(table.find(new InetSocketAddress("::1", 5000))).isSameAs(s);
    table.remove(s);
    assertThat(table.find(v6)).isNull();
    assertThat(table.size()).isZero();
  }

  @Test
  void leastRecentlyUsedIsTheSessionTouchedLongestAgo() {
    SessionTable table = new SessionTable(3, 4);
    Session a = table.open(client(1));
    Session b = table.open(client(2));
    Session c = table.open(client(3));
    table.touch(a, 1);
    table.touch(b, 2);
    table.touch(c, 3);
    table.touch(a, 4);
    assertThat(table.isFull()).isTrue();
    assertThat(table.leastRecentlyUsed()).isSameAs(b);
    assertThat(table.oldestPending()).isSameAs(b);
    table.remove(b);
    assertThat(table.leastRecentlyUsed()).isSameAs(c);
    table.leavePending(c);
    assertThat(table.oldestPending()).isSameAs(a);
    assertThat(table.isFull()).isFalse();
  }

  @Test
  void pendingRingMatchesRepliesToTheOldestRequestOfTheSender() {
    SessionTable table = new SessionTable(1, 3);
    Session s = table.open(client(1));
    var r1 = new Route("a", new InetSocketAddress("127.0.0.1", 1));
    var r2 = new Route("b", new InetSocketAddress("127.0.0.1", 2));
    s.addPending(10, null, r1);
    s.addPending(20, null, r2);
    s.addPending(30, null, r2);
    assertThat(s.pendingFull()).isTrue();
    assertThat(s.moveOldestFrom(r2.address())).isTrue();
    assertThat(s.oldestSentAt()).isEqualTo(20);
    s.dropOldest();
    assertThat(s.oldestSentAt()).isEqualTo(10);
    assertThat(s.oldestRoute()).isSameAs(r1);
    s.dropOldest();
    assertThat(s.oldestSentAt()).isEqualTo(30);
    assertThat(s.moveOldestFrom(r1.address())).isFalse();
    s.dropOldest();
    assertThat(s.pending()).isZero();
  }
}
