package io.github.fulcrumlb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategiesTest {

  private final Endpoint a = Endpoint.of(Backend.of("a", "10.0.0.1", 80));

  @Test
  void findsTheProviderRegisteredThroughServiceLoader() {
    assertThat(Strategies.providers())
        .extracting(StrategyProvider::name)
        .contains(EchoStrategyProvider.NAME);
    assertThat(Strategies.provider(EchoStrategyProvider.NAME))
        .isInstanceOf(EchoStrategyProvider.class);
  }

  @Test
  void providersAreSortedByName() {
    List<String> names = Strategies.providers().stream().map(StrategyProvider::name).toList();

    assertThat(names).isSorted();
  }

  @Test
  void createsAWorkingStrategyByName() {
    Strategy s = Strategies.create(EchoStrategyProvider.NAME);
    s.update(ClusterSnapshot.of(List.of(a)));

    assertThat(s.name()).isEqualTo(EchoStrategyProvider.NAME);
    assertThat(s.pick(0L)).isSameAs(a);
  }

  @Test
  void passesTheContextOptionsToTheProvider() {
    StrategyContext ctx = StrategyContext.builder().option("label", "custom").build();

    assertThat(Strategies.create(EchoStrategyProvider.NAME, ctx).name()).isEqualTo("custom");
  }

  @Test
  void unknownOptionIsRejectedByTheProvider() {
    StrategyContext ctx = StrategyContext.builder().option("lable", "x").build();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Strategies.create(EchoStrategyProvider.NAME, ctx))
        .withMessageContaining("\"lable\"")
        .withMessageContaining("known options: [label]");
  }

  @Test
  void unknownNameListsTheKnownStrategies() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Strategies.create("round-robbin"))
        .withMessageContaining("Unknown strategy \"round-robbin\"")
        .withMessageContaining("known strategies: [")
        .withMessageContaining(EchoStrategyProvider.NAME);
  }

  @Test
  void unknownNameWithNoProviderAtAllHintsAtTheClassPath() throws IOException {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader empty =
        new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(empty);

      assertThat(Strategies.providers()).isEmpty();
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Strategies.provider("p2c"))
          .withMessageContaining("known strategies: none (is lb-core on the class path?)");
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  @Test
  void blankNameIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Strategies.create(" "))
        .withMessageContaining("strategy name");
  }

  @Test
  void nullContextIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Strategies.create(EchoStrategyProvider.NAME, null))
        .withMessageContaining("context");
  }

  @Test
  void twoProvidersWithTheSameNameAreAnErrorNamingBothClasses(@TempDir Path dir)
      throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(StrategyProvider.class.getName()),
        ImpostorEchoStrategyProvider.class.getName() + "\n");

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      assertThatIllegalStateException()
          .isThrownBy(() -> Strategies.providers(loader))
          .withMessageContaining("\"" + EchoStrategyProvider.NAME + "\"")
          .withMessageContaining(EchoStrategyProvider.class.getName())
          .withMessageContaining(ImpostorEchoStrategyProvider.class.getName());
    }
  }
}
