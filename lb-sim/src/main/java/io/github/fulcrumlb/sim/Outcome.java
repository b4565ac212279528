package io.github.fulcrumlb.sim;

/** How a simulated request ended, as its client saw it. */
public enum Outcome {
  /** Answered within the timeout. */
  OK,
  /** The client gave up after the scenario's timeout. */
  TIMEOUT,
  /** Refused at once: the backend's queue was full. */
  DROPPED,
  /** Failed at once or mid-way: the backend was dead, or no backend was left to pick. */
  FAILED
}
