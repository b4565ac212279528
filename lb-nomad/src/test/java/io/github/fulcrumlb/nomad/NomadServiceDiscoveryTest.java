package io.github.fulcrumlb.nomad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.api.Backend;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
@SuppressWarnings("try") // a discovery held open by try-with-resources, not read in the body
class NomadServiceDiscoveryTest {
  private static final String ONE =
      FakeNomad.array(FakeNomad.registration("echo", "a0c1", "127.0.0.1", 9001, 11, 11));
  private static final String TWO =
      FakeNomad.array(
          FakeNomad.registration("echo", "a0c1", "127.0.0.1", 9001, 11, 11),
          FakeNomad.registration("echo", "b1e2", "127.0.0.1", 9002, 12, 12));

  private FakeNomad nomad;
  private final BlockingQueue<List<Backend>> published = new LinkedBlockingQueue<>();

  @BeforeEach
  void startNomad() throws Exception {
    nomad = new FakeNomad();
  }

  @AfterEach
  void stopNomad() {
    nomad.close();
  }

  private NomadServiceDiscovery.Builder discovery() {
    return NomadServiceDiscovery.builder(nomad.url(), "echo")
        .wait(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(2))
        .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
        .minInterval(Duration.ZERO)
        .random(new Random(7))
        .listener(published::add);
  }

  private List<String> next() throws InterruptedException {
    List<Backend> b = published.poll(10, TimeUnit.SECONDS);
    assertThat(b).as("a membership was published").isNotNull();
    return b.stream().map(Backend::id).toList();
  }

  /** Waits for a condition the discovery thread brings about (no fixed sleeps). */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what).isTrue();
      Thread.sleep(5);
    }
  }

  @Test
  void publishesTheInstancesThenEveryChangeThroughBlockingQueries() throws Exception {
    nomad.set(11, ONE);
    try (NomadServiceDiscovery d = discovery().start()) {
      assertThat(next()).containsExactly("127.0.0.1:9001");
      await("a blocking query is waiting", () -> nomad.requests().size() >= 2);

      nomad.set(12, TWO);
      assertThat(next()).containsExactly("127.0.0.1:9001", "127.0.0.1:9002");
      nomad.set(13, ONE);
      assertThat(next()).containsExactly("127.0.0.1:9001");

      List<FakeNomad.Request> requests = nomad.requests();
      assertThat(requests.get(0).path()).isEqualTo("/v1/service/echo");
      assertThat(requests.get(0).query())
          .containsEntry("namespace", "default")
          .doesNotContainKey("index");
      assertThat(requests.get(1).query()).containsEntry("index", "11").containsEntry("wait", "5s");
      assertThat(requests.get(2).query()).containsEntry("index", "12");
      assertThat(d.status().index()).isGreaterThanOrEqualTo(12);
      assertThat(d.backends()).extracting(Backend::id).containsExactly("127.0.0.1:9001");
    }
  }

  @Test
  void anAnswerWithoutChangeDoesNotCallTheListener() throws Exception {
    nomad.set(11, ONE);
    try (NomadServiceDiscovery d = discovery().wait(Duration.ofMillis(100)).start()) {
      assertThat(next()).containsExactly("127.0.0.1:9001");
      await("several blocking queries timed out", () -> nomad.requests().size() >= 4);
      nomad.set(12, ONE); // an idempotent write: new index, same registrations
      await("the new index was seen", () -> d.status().index() == 12);
      assertThat(published).isEmpty();
    }
  }

  @Test
  void sendsTheTokenAndKeepsRetryingWhileNomadAnswers403() throws Exception {
    nomad.set(11, ONE);
    nomad.requireToken("s3cret");
    try (NomadServiceDiscovery wrong = discovery().token("wrong").start()) {
      await("two 403s in a row", () -> wrong.status().consecutiveFailures() >= 2);
      DiscoveryStatus s = wrong.status();
      assertThat(s.answered()).isFalse();
      assertThat(s.lastError()).contains("HTTP 403").contains("token").doesNotContain("wrong");
      assertThat(wrong.backends()).isEmpty();
      assertThat(published).isEmpty();
    }
    try (NomadServiceDiscovery right = discovery().token("s3cret").start()) {
      assertThat(next()).containsExactly("127.0.0.1:9001");
    }
    assertThat(nomad.requests())
        .extracting(FakeNomad.Request::token)
        .contains("wrong", "s3cret")
        .doesNotContainNull();
  }

  @Test
  void keepsTheLastMembersThroughServerErrorsAndBacksOff() throws Exception {
    nomad.set(11, TWO);
    try (NomadServiceDiscovery d = discovery().wait(Duration.ofMillis(200)).start()) {
      assertThat(next()).hasSize(2);
      nomad.fail(500);
      nomad.fail(500);
      nomad.fail(500);
      await("three failures in a row", () -> d.status().consecutiveFailures() == 3);
      assertThat(d.status().lastError()).contains("HTTP 500").contains("fake failure 500");
      assertThat(d.backends()).hasSize(2);
      await("answering again", () -> d.status().consecutiveFailures() == 0);
      assertThat(published).isEmpty();

      // Failed requests are spaced by the back-off: 50, 100, 200 ms, at least half of each.
      List<FakeNomad.Request> r = nomad.requests();
      long total = r.get(r.size() - 1).nanoTime() - r.get(1).nanoTime();
      assertThat(total).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(25 + 50 + 100));
    }
  }

  @Test
  void aHungServerTimesOutAndTheNextRequestRecovers() throws Exception {
    nomad.set(11, ONE);
    nomad.fail(0); // the first request never answers
    long start = System.nanoTime();
    try (NomadServiceDiscovery d = discovery().requestTimeout(Duration.ofMillis(300)).start()) {
      assertThat(next()).containsExactly("127.0.0.1:9001");
      assertThat(System.nanoTime() - start)
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
      assertThat(nomad.requests().size()).isGreaterThanOrEqualTo(2);
      // The listener runs after the status is replaced: it already says the request recovered.
      assertThat(d.status().consecutiveFailures()).isZero();
    }
  }

  @Test
  void connectionRefusedIsRetriedWithoutThrowing() throws Exception {
    String url = nomad.url();
    nomad.close(); // nothing listens there any more
    try (NomadServiceDiscovery d =
        NomadServiceDiscovery.builder(url, "echo")
            .backoff(Duration.ofMillis(20), Duration.ofMillis(40))
            .connectTimeout(Duration.ofMillis(500))
            .listener(published::add)
            .start()) {
      await("two failures", () -> d.status().consecutiveFailures() >= 2);
      assertThat(d.status().lastError()).isNotBlank();
      assertThat(d.awaitBackends(Duration.ofMillis(50))).isEmpty();
    }
  }

  @Test
  void anEmptyServiceKeepsTheLastMembersForTheGracePeriod() throws Exception {
    nomad.set(11, TWO);
    Duration grace = Duration.ofMillis(400);
    try (NomadServiceDiscovery d = discovery().emptyGrace(grace).start()) {
      assertThat(next()).hasSize(2);
      long emptied = System.nanoTime();
      nomad.set(12, "[]");
      await(
          "Nomad's empty answer was seen",
          () -> d.status().registered() == 0 && d.status().index() == 12);
      assertThat(d.backends()).hasSize(2); // kept

      assertThat(next()).isEmpty(); // only once the grace period is over, with nothing changing
      assertThat(System.nanoTime() - emptied).isGreaterThanOrEqualTo(grace.toNanos());
      assertThat(d.backends()).isEmpty();

      nomad.set(13, ONE);
      assertThat(next()).containsExactly("127.0.0.1:9001");
    }
  }

  @Test
  void instancesThatComeBackWithinTheGracePeriodReplaceTheKeptOnes() throws Exception {
    nomad.set(11, TWO);
    try (NomadServiceDiscovery d = discovery().emptyGrace(Duration.ofMinutes(5)).start()) {
      assertThat(next()).hasSize(2);
      nomad.set(12, "[]");
      await("the empty answer was seen", () -> d.status().index() == 12);
      nomad.set(13, ONE); // a redeploy: the new allocation registers
      assertThat(next()).containsExactly("127.0.0.1:9001");
    }
  }

  @Test
  void withoutGraceAnEmptyServiceEmptiesTheMembershipAtOnce() throws Exception {
    nomad.set(11, ONE);
    try (NomadServiceDiscovery d = discovery().emptyGrace(Duration.ZERO).start()) {
      assertThat(next()).hasSize(1);
      nomad.set(12, "[]");
      assertThat(next()).isEmpty();
    }
  }

  @Test
  void anIndexGoingBackwardsStartsOverFromZero() throws Exception {
    nomad.set(20, ONE);
    try (NomadServiceDiscovery d = discovery().wait(Duration.ofMillis(100)).start()) {
      assertThat(next()).hasSize(1);
      nomad.set(5, TWO); // e.g. a server restored from an older snapshot
      assertThat(next()).hasSize(2);
      await("blocking again on the new index", () -> d.status().index() == 5);
      await(
          "a query at the new index",
          () -> nomad.requests().stream().anyMatch(r -> "5".equals(r.query().get("index"))));

      List<FakeNomad.Request> r = nomad.requests();
      int backwards = -1;
      for (int i = 0; i < r.size(); i++) {
        if ("5".equals(r.get(i).query().get("index"))) {
          backwards = i;
          break;
        }
      }
      assertThat(r.get(backwards - 1).query()).as("the reset query").doesNotContainKey("index");
    }
  }

  @Test
  void aMissingIndexHeaderNeverCausesABusyLoop() throws Exception {
    nomad.set(11, ONE);
    nomad.sendIndex(false);
    try (NomadServiceDiscovery d = discovery().minInterval(Duration.ofMillis(100)).start()) {
      assertThat(next()).hasSize(1);
      await("four queries", () -> nomad.requests().size() >= 4);
      List<FakeNomad.Request> r = nomad.requests();
      for (int i = 1; i < 4; i++) {
        assertThat(r.get(i).query()).doesNotContainKey("index");
        assertThat(r.get(i).nanoTime() - r.get(i - 1).nanoTime())
            .isGreaterThanOrEqualTo(
                TimeUnit.MILLISECONDS.toNanos(60)); // 100 ms apart, give or take
      }
    }
  }

  @Test
  void aListenerThatThrowsIsCalledAgainOnTheNextChange() throws Exception {
    nomad.set(11, ONE);
    try (NomadServiceDiscovery d =
        discovery()
            .listener(
                backends -> {
                  published.add(backends);
                  if (backends.size() == 1) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .start()) {
      assertThat(next()).hasSize(1);
      nomad.set(12, TWO);
      assertThat(next()).hasSize(2);
    }
  }

  @Test
  void closeAbandonsABlockedQueryPromptly() throws Exception {
    nomad.set(11, ONE);
    NomadServiceDiscovery d = discovery().wait(Duration.ofMinutes(5)).start();
    assertThat(d.awaitBackends(Duration.ofSeconds(10))).hasSize(1);
    await("a blocking query is waiting", () -> nomad.requests().size() >= 2);
    long start = System.nanoTime();
    d.close();
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
  }

  @Test
  void namespaceAndServiceNameAreEncodedInTheRequest() throws Exception {
    nomad.set(11, ONE);
    try (NomadServiceDiscovery d = discovery().namespace("prod team").start()) {
      assertThat(next()).hasSize(1);
      assertThat(nomad.requests().get(0).query()).containsEntry("namespace", "prod team");
    }
  }

  @Test
  void rejectsAddressesWithCredentialsAndBadNames() {
    assertThatThrownBy(() -> NomadServiceDiscovery.builder("http://u:p@nomad:4646", "echo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentials")
        .hasMessageNotContaining("u:p");
    assertThatThrownBy(() -> NomadServiceDiscovery.builder("nomad:4646", "echo"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NomadServiceDiscovery.builder("http://127.0.0.1:4646", "a/b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NomadServiceDiscovery.builder("http://127.0.0.1:4646", " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationsAreWrittenAsNomadParsesThem() {
    assertThat(NomadServiceDiscovery.goDuration(Duration.ofMinutes(5))).isEqualTo("300s");
    assertThat(NomadServiceDiscovery.goDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
