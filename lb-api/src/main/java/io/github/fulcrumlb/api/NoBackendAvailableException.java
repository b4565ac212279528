package io.github.fulcrumlb.api;

/**
 * Thrown by a pick when there is no backend to send to: the cluster is empty, or every backend is
 * unavailable. This is the one documented outcome of a pick that cannot succeed; a pick never
 * returns {@code null}.
 */
public final class NoBackendAvailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message says why no backend is available, e.g. which strategy and cluster
   */
  public NoBackendAvailableException(String message) {
    super(message);
  }
}
