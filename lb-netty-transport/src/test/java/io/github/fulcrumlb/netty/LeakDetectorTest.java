package io.github.fulcrumlb.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.netty.testing.LeakChecks;
import io.github.fulcrumlb.netty.testing.Poll;
import io.github.fulcrumlb.netty.testing.RecordingLeakDetector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The leak checks the other tests rely on do see leaks. */
class LeakDetectorTest {
  @Test
  void paranoidDetectorReportsALeakedBuffer() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    leakOneBuffer();
    Poll.until(
        Duration.ofSeconds(20),
        "the leak reported",
        () -> {
          LeakChecks.triggerDetection();
          return !RecordingLeakDetector.leaks().isEmpty();
        });
    RecordingLeakDetector.clear();
  }

  private static void leakOneBuffer() {
    ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(32);
    leaked.writeLong(42);
    // not released, and no reference kept
  }
}
