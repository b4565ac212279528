package io.github.fulcrumlb.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class RateLimitedLoggerTest {
  @Test
  void logsAFailureAtMostOncePerPeriodAndCountsTheRest() {
    List<String> lines = new ArrayList<>();
    Logger jul = Logger.getLogger("test.rate-limited." + System.nanoTime());
    jul.setUseParentHandlers(false);
    jul.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            lines.add(r.getLevel() + " " + r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
    ManualTimeSource clock = new ManualTimeSource();
    RateLimitedLogger log =
        new RateLimitedLogger(System.getLogger(jul.getName()), Duration.ofMinutes(1), clock);

    assertThat(log.failure("down")).isTrue();
    for (int i = 0; i < 11; i++) {
      clock.advance(Duration.ofSeconds(5));
      log.failure("down");
    }
    clock.advance(Duration.ofSeconds(5)); // 60 s after the first line
    assertThat(log.failure("down")).isTrue();
    log.recovered("up");
    log.recovered("up"); // once only

    assertThat(lines)
        .containsExactly("WARNING down", "WARNING down (11 similar suppressed)", "INFO up");
  }
}
