package io.github.fulcrumlb.netty.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;

/** Makes Netty's leak detector look now, and fails the test if it reported anything. */
public final class LeakChecks {
  private LeakChecks() {}

  /** Triggers leak detection (GC, then new tracked buffers) and asserts no report. */
  public static void assertNoLeaks() {
    triggerDetection();
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    assertThat(RecordingLeakDetector.leaks()).as("Netty leak reports").isEmpty();
  }

  /** Collects garbage and allocates tracked buffers so that the detector polls its queue. */
  public static void triggerDetection() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      for (int i = 0; i < 64; i++) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        b.release();
      }
    }
  }
}
