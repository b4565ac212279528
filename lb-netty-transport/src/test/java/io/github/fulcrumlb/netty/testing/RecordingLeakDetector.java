package io.github.fulcrumlb.netty.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, recording every leak report so that tests can fail on them. Installed for
 * this module's tests by surefire: {@code -Dio.netty.customResourceLeakDetector=} this class, at
 * {@code -Dio.netty.leakDetection.level=paranoid}.
 */
@SuppressWarnings("deprecation") // the constructor Netty's detector factory calls reflectively
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  /** Called reflectively by Netty's default detector factory. */
  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
    super(resourceType, samplingInterval, maxActive);
  }

  /** Called reflectively by Netty's default detector factory. */
  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
  }

  /** Leak reports so far. */
  public static List<String> leaks() {
    return List.copyOf(LEAKS);
  }

  /** Forgets the reports so far. */
  public static void clear() {
    LEAKS.clear();
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    LEAKS.add(resourceType + " leaked:" + records);
    super.reportTracedLeak(resourceType, records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    LEAKS.add(resourceType + " leaked (untraced)");
    super.reportUntracedLeak(resourceType);
  }
}
