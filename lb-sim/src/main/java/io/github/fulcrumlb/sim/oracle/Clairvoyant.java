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
 *
 * <p>Two weaker oracles split that headroom by what it takes to close it. Each still sees every
 * backend of every balancer, its true current rate and whether it is up, and is greedy the same
 * way:
 *
 * <ul>
 *   <li>{@link #sizeBlind} ({@value #SIZE_BLIND_NAME}) does not know the size of the request it
 *       routes, which no balancer can see, and takes it to be the workload's mean. It still knows
 *       the exact work queued at every slot and every pause to come.
 *   <li>{@link #countOnly} ({@value #COUNT_ONLY_NAME}) knows neither that size nor the work queued:
 *       only how many requests each backend holds and how many slots it has, which is what a
 *       balancer's in-flight counts would show if it were the only one. It sends the request where
 *       the expected delay of a mean-size one is lowest (shortest expected delay: one service time
 *       with a slot free, else one per {@code slots} requests ahead of it plus its own). It does
 *       not see pauses.
 * </ul>
 *
 * <p>A strategy near the count-only row has little left to gain from better estimates of the
 * backends' speeds; what separates the size-blind row from the clairvoyant is knowledge no balancer
 * has.
 *
 * <pre>{@code
 * Clairvoyant oracle = Clairvoyant.knowingSizes();
 * int backend = oracle.choose(servers, now, size);
 * Clairvoyant blind = Clairvoyant.sizeBlind(scenario.sizes().mean());
 * }</pre>
 */
public final class Clairvoyant {
  /** The clairvoyant row's name in reports. */
  public static final String NAME = "clairvoyant";

  /** The size-blind oracle row's name in reports. */
  public static final String SIZE_BLIND_NAME = "size-blind-oracle";

  /** The count-only oracle row's name in reports. */
  public static final String COUNT_ONLY_NAME = "count-oracle";

  private final String name;
  private final double assumedSize; // NaN: each request's own size
  private final boolean countsOnly;
  private int rotation;

  private Clairvoyant(String name, double assumedSize, boolean countsOnly) {
    this.name = name;
    this.assumedSize = assumedSize;
    this.countsOnly = countsOnly;
  }

  /** The clairvoyant oracle: it knows each request's size and every queue's work. */
  public static Clairvoyant knowingSizes() {
    return new Clairvoyant(NAME, Double.NaN, false);
  }

  /**
   * The size-blind oracle: everything the clairvoyant knows but the size of the request it routes,
   * which it takes to be {@code meanSize}.
   *
   * @param meanSize the workload's mean size in work units, finite and {@code > 0}
   * @throws IllegalArgumentException if {@code meanSize} is not finite and {@code > 0}
   */
  public static Clairvoyant sizeBlind(double meanSize) {
    return new Clairvoyant(SIZE_BLIND_NAME, checkedMean(meanSize), false);
  }

  /**
   * The count-only oracle: every backend's true request count, slots and current rate, but no
   * request's size (each taken to be {@code meanSize}) and not the work queued.
   *
   * @param meanSize the workload's mean size in work units, finite and {@code > 0}
   * @throws IllegalArgumentException if {@code meanSize} is not finite and {@code > 0}
   */
  public static Clairvoyant countOnly(double meanSize) {
    return new Clairvoyant(COUNT_ONLY_NAME, checkedMean(meanSize), true);
  }

  private static double checkedMean(double meanSize) {
    if (!(meanSize > 0) || Double.isInfinite(meanSize)) {
      throw new IllegalArgumentException(
          "meanSize must be a finite number > 0 but was " + meanSize);
    }
    return meanSize;
  }

  /**
   * Whether {@code rowName} names one of the two weaker oracles ({@value #SIZE_BLIND_NAME}, {@value
   * #COUNT_ONLY_NAME}): names reserved for their rows.
   */
  public static boolean isWeakerOracle(String rowName) {
    return SIZE_BLIND_NAME.equals(rowName) || COUNT_ONLY_NAME.equals(rowName);
  }

  /** Its row's name: {@value #NAME}, {@value #SIZE_BLIND_NAME} or {@value #COUNT_ONLY_NAME}. */
  public String name() {
    return name;
  }

  /**
   * The backend where a request of {@code size} arriving at {@code now} completes first, as far as
   * this oracle knows (the weaker ones take the mean size, and the count-only one the expected
   * delay); if every live backend's queue is full, the live one that would complete it first anyway
   * (the caller then counts a drop); -1 if every backend is down.
   */
  public int choose(Server[] servers, long now, double size) {
    double known = Double.isNaN(assumedSize) ? size : assumedSize;
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
      long t = countsOnly ? now + expectedDelay(s, known) : s.completionTime(now, known);
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

  /**
   * Expected time in system of a request of {@code size} that joins {@code s} now, from counts
   * alone: one service time if a slot is free, else one per {@code slots} requests ahead of it in
   * the queue (each slot frees at that rate) plus its own.
   */
  private static long expectedDelay(Server s, double size) {
    int slots = s.concurrency();
    int ahead = s.inSystem();
    double services = ahead < slots ? 1 : (ahead - slots + 1.0) / slots + 1;
    return (long) (services * s.slotNanos(size));
  }
}
