package io.github.fulcrumlb.api;

/**
 * Where Fulcrum reads time: a monotonic clock for durations and a wall clock for the age of metric
 * samples. Production code uses {@link #SYSTEM}; tests and the simulator supply a controllable
 * implementation so that nothing has to sleep.
 */
public interface TimeSource {

  /** The JVM's clocks: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
  TimeSource SYSTEM =
      new TimeSource() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
          return System.currentTimeMillis();
        }

        @Override
        public String toString() {
          return "TimeSource.SYSTEM";
        }
      };

  /** Monotonic time in nanoseconds, with an arbitrary origin; only differences mean anything. */
  long nanoTime();

  /** Wall-clock time in milliseconds since the epoch, comparable with metric sample times. */
  long currentTimeMillis();
}
