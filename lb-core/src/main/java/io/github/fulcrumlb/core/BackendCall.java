package io.github.fulcrumlb.core;

import io.github.fulcrumlb.api.Backend;

/**
 * One request to a backend, run by {@link LoadBalancer#execute(BackendCall)}: returning counts as a
 * success, throwing as a failure (the exception reaches the caller unchanged).
 *
 * <pre>{@code
 * BackendCall<String> get =
 *     backend -> client.get("http://" + backend.host() + ":" + backend.port() + "/");
 * String body = lb.execute(get);
 * }</pre>
 *
 * @param <T> what the call returns
 */
@FunctionalInterface
public interface BackendCall<T> {

  /** Sends the request to {@code backend} and returns its result. */
  T call(Backend backend) throws Exception;
}
