package io.github.fulcrumlb.sim;

/** Told every few ten thousand requests how far a run has got, on the simulation thread. */
@FunctionalInterface
public interface ProgressListener {
  /** No progress reporting. */
  ProgressListener NONE = (label, done, total) -> {};

  /**
   * @param label the run's strategy name
   * @param done requests generated so far in this run
   * @param total requests this run will generate
   */
  void onProgress(String label, long done, long total);
}
