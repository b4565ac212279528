package io.github.fulcrumlb.sim.oracle;

import io.github.fulcrumlb.sim.cluster.Server;

/**
 * The clairvoyant row: an oracle that knows every backend's true queue (the work already assigned
 * to each slot), its current true service rate, whether it is up, and the size of the request, and
 * sends the request where it will complete first. Given the servers' FIFO workload vectors the
 * completion time is exact ({@link Server#completionTime}), so this is the best any balancer can do
 * for the request at hand without delaying it or moving queued work (it is greedy: it does not plan
 * for requests yet to come). Ties go to the next backend in a rotating order.
 *
 * <p>Strategies are read against it as Caffeine's simulator reads cache policies against its {@code
 * Clairvoyant} policy: the ratio of a strategy's latency to this row's is the headroom left.
 */
public final class Clairvoyant {
  /** Its row's name in reports. */
  public static final String NAME = "clairvoyant";

  private int rotation;

  /**
   * The backend where a request of {@code size} arriving at {@code now} completes first; if every
   * live backend's queue is full, the live one that would complete it first anyway (the caller then
   * counts a drop); -1 if every backend is down.
   */
  public int choose(Server[] servers, long now, double size) {
    int n = servers.length;
    int start = rotation;
    rotation = start + 1 == n ? 0 : start + 1;
    int best = -1;
    long bestTime = Long.MAX_VALUE;
    int bestFull = -1;
    long bestFullTime = Long.MAX_VALUE;
    for (int k = 0, i = start; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
      Server s = servers[i];
      if (!s.alive()) {
        continue;
      }
      long t = s.completionTime(now, size);
      if (s.queueFull()) {
        if (t < bestFullTime) {
          bestFullTime = t;
          bestFull = i;
        }
      } else if (t < bestTime) {
        bestTime = t;
        best = i;
      }
    }
    return best >= 0 ? best : bestFull;
  }
}
