package io.github.fulcrumlb.netty.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a network test opened (balancers, backends, sockets), closed after each test in reverse
 * order, then Netty's leak detector asked whether any buffer leaked ({@link LeakChecks}).
 *
 * <pre>{@code
 * @RegisterExtension final TrackedResources resources = new TrackedResources();
 * EchoBackend backend = resources.track(EchoBackend.start());
 * }</pre>
 */
public final class TrackedResources implements AfterEachCallback {
  private final List<AutoCloseable> resources = new ArrayList<>();

  /** Closes {@code resource} after the test; returns it. */
  public <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      for (int i = resources.size() - 1; i >= 0; i--) {
        resources.get(i).close();
      }
    } finally {
      resources.clear();
    }
    LeakChecks.assertNoLeaks();
  }
}
