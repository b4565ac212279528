package io.github.fulcrumlb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the tests of a CLI command running on another thread read from its output. */
final class CliOutput {
  private CliOutput() {}

  /**
   * Waits until {@code out} holds a match of {@code pattern} and returns its first group as a port
   * (e.g. "listening on 127.0.0.1:(\\d+)"); fails if the command exits first or the time runs out.
   */
  static int awaitPort(
      StringWriter out, StringWriter err, Pattern pattern, Duration timeout, Future<?> exit)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Matcher m = pattern.matcher(out.toString());
    while (!m.find()) {
      assertThat(System.nanoTime() < deadline).as("started; out: %s err: %s", out, err).isTrue();
      assertThat(exit.isDone()).as("exited early; err: %s", err).isFalse();
      Thread.sleep(10); // polling the output with a deadline
      m = pattern.matcher(out.toString());
    }
    return Integer.parseInt(m.group(1));
  }
}
