package io.github.fulcrumlb.api;

/**
 * Thrown by {@link Strategy#pick} (and the balancers' {@code pick}) when there is no backend to
 * send to: the cluster is empty, or every backend is unavailable. The data plane of a transport
 * uses the allocation-free {@link Strategy#tryPick} instead, which answers {@code null} there.
 */
public final class NoBackendAvailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message says why no backend is available, e.g. which strategy and cluster
   */
  public NoBackendAvailableException(String message) {
    super(message);
  }

  /**
   * The error for a strategy whose last snapshot had no backend: the one wording of it, shared by
   * every strategy and balancer.
   */
  public static NoBackendAvailableException emptyCluster(String strategyName) {
    return new NoBackendAvailableException(
        "Strategy \""
            + strategyName
            + "\" has no backend to pick: the last cluster snapshot was empty");
  }
}
