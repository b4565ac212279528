package io.github.fulcrumlb.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.netty.config.ActiveHealthCheck;
import io.github.fulcrumlb.netty.config.ActiveHealthCheck.Match;
import io.github.fulcrumlb.netty.testing.EchoBackend;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Probes on a fake clock: the clock decides timeouts and intervals, real sockets carry probes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ActiveHealthCheckerTest {
  private static final long INTERVAL = Duration.ofSeconds(1).toNanos();
  private static final long TIMEOUT = Duration.ofMillis(500).toNanos();

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<Set<String>> changes = new ArrayList<>();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ActiveHealthChecker checker(ActiveHealthCheck.Builder check) {
    return new ActiveHealthChecker(
        check.interval(Duration.ofNanos(INTERVAL)).timeout(Duration.ofNanos(TIMEOUT)).build(),
        clock::get,
        changes::add);
  }

  private static InetSocketAddress address(EchoBackend b) {
    return new InetSocketAddress("127.0.0.1", b.port());
  }

  /**
   * One probe round: the fake clock moves one interval on (the last probe, if unanswered, has timed
   * out), a tick sends the next probe, and the clock stands still until the backend has it and, if
   * it answers, until the checker has read the answer.
   */
  private void round(ActiveHealthChecker checker, EchoBackend backend, boolean answers) {
    clock.addAndGet(INTERVAL);
    long before = backend.received();
    checker.tick();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (backend.received() == before || (answers && checker.awaitingReply("b"))) {
      assertThat(System.nanoTime() < deadline).as("probe received and answered").isTrue();
      Thread.onSpinWait();
      checker.tick(); // reads a reply that arrived, at the same fake instant
    }
  }

  @Test
  void takesABackendOutAfterFallFailedProbesAndBackAfterRiseGoodOnes() throws Exception {
    try (EchoBackend backend = EchoBackend.start();
        ActiveHealthChecker checker =
            checker(
                ActiveHealthCheck.builder(utf8("ping"))
                    .expected(utf8("ping"), Match.EXACT)
                    .rise(2)
                    .fall(3))) {
      checker.track("b", address(backend));
      round(checker, backend, true);
      assertThat(checker.failing()).isEmpty();
      backend.silence();
      round(checker, backend, false);
      round(checker, backend, false);
      round(checker, backend, false); // its tick sees the second failure
      assertThat(checker.failing()).as("two failures of three").isEmpty();
      round(checker, backend, false);
      assertThat(checker.failing()).containsExactly("b");
      backend.resume();
      round(checker, backend, true);
      assertThat(checker.failing()).as("one good probe of two").containsExactly("b");
      round(checker, backend, true);
      assertThat(checker.failing()).isEmpty();
      assertThat(changes).containsExactly(Set.of("b"), Set.of());
    }
  }

  @Test
  void aReplyThatDoesNotMatchIsAFailedProbe() throws Exception {
    try (EchoBackend backend = EchoBackend.start();
        ActiveHealthChecker checker =
            checker(
                ActiveHealthCheck.builder(utf8("ping"))
                    .expected(utf8("pong"), Match.PREFIX)
                    .fall(1))) {
      checker.track("b", address(backend));
      round(checker, backend, true); // echoes "ping"
      assertThat(checker.failing()).containsExactly("b");
      backend.replyWith(utf8("pong, all well"));
      round(checker, backend, true);
      round(checker, backend, true);
      assertThat(checker.failing()).isEmpty();
    }
  }

  @Test
  void anUntrackedBackendNoLongerCountsAsFailing() throws Exception {
    try (EchoBackend backend = EchoBackend.start();
        ActiveHealthChecker checker = checker(ActiveHealthCheck.builder(new byte[0]).fall(1))) {
      backend.silence();
      checker.track("b", address(backend));
      round(checker, backend, false);
      round(checker, backend, false);
      assertThat(checker.failing()).containsExactly("b");
      checker.untrack("b");
      checker.tick();
      assertThat(checker.failing()).isEmpty();
    }
  }

  @Test
  void matchesPrefixOrExactly() {
    ActiveHealthCheck prefix =
        ActiveHealthCheck.builder(utf8("q")).expected(utf8("ok"), Match.PREFIX).build();
    ActiveHealthCheck exact =
        ActiveHealthCheck.builder(utf8("q")).expected(utf8("ok"), Match.EXACT).build();
    ActiveHealthCheck any = ActiveHealthCheck.builder(utf8("q")).build();
    byte[] reply = utf8("ok then");
    assertThat(prefix.accepts(reply, 7)).isTrue();
    assertThat(prefix.accepts(reply, 2)).isTrue();
    assertThat(prefix.accepts(reply, 1)).isFalse();
    assertThat(exact.accepts(reply, 7)).isFalse();
    assertThat(exact.accepts(reply, 2)).isTrue();
    assertThat(any.accepts(reply, 0)).isTrue();
  }
}
