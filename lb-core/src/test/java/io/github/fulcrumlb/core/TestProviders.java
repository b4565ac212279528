package io.github.fulcrumlb.core;

import io.github.fulcrumlb.api.StrategyProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Makes {@link RecordingStrategy.Provider} findable by name for one call only, through a context
 * class loader with its own {@code META-INF/services} entry, so that the registry other tests see
 * stays exactly what lb-core ships.
 */
final class TestProviders {
  private TestProviders() {}

  static <T> T withRecordingProvider(Path tempDir, Callable<T> body) throws Exception {
    Path services = tempDir.resolve("META-INF/services");
    try {
      Files.createDirectories(services);
      Files.writeString(
          services.resolve(StrategyProvider.class.getName()),
          RecordingStrategy.Provider.class.getName() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new java.net.URL[] {tempDir.toUri().toURL()}, previous)) {
      thread.setContextClassLoader(loader);
      return body.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
