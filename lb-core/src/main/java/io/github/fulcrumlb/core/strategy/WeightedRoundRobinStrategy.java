package io.github.fulcrumlb.core.strategy;

import com.google.common.math.IntMath;
import io.github.fulcrumlb.api.ClusterSnapshot;
import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.api.StrategyContext;
import java.util.Arrays;
import java.util.List;

/**
 * Smooth weighted round robin: backends in a fixed cyclic order in which each gets slots in
 * proportion to its effective weight, spread evenly and without bursts.
 *
 * <p>Use it when backends differ in capacity by a known factor and requests cost about the same.
 * {@code update} turns the weights into integer slot counts and precomputes the cyclic schedule:
 * backends are merged from the lightest to the heaviest, each one's slots inserted as evenly as
 * possible into the gaps of the order built so far, gaps between two equal neighbours first. A pick
 * is {@code table[position++ % length]}, O(1) and lock-free, with one position per picking thread
 * as in round-robin. Building costs O(backends × length), about 10 ms for 100 backends and a full
 * table, and only happens when weights or members change.
 *
 * <p>Guarantees, over the cyclic order:
 *
 * <ul>
 *   <li>Shares: integer weights whose sum is at most {@value #MAX_TABLE_LENGTH} are used exactly
 *       (divided by their greatest common divisor). Other weights (fractional effective weights
 *       during slow start, or large sums) are scaled to about {@value #MAX_TABLE_LENGTH} slots and
 *       rounded, so each share is within about 1/{@value #MAX_TABLE_LENGTH} of exact, except that a
 *       backend whose weight is below that fraction of the total still gets one slot.
 *   <li>No bursts: backend {@code i} with slot count {@code w_i} out of {@code W} never gets more
 *       than {@code ceil(w_i / (W - w_i))} consecutive picks if {@code w_i > W - w_i}, and never
 *       two in a row otherwise; the least any order can do. Weights {5, 1, 1} give runs of at most
 *       3, {100, 1, 1} runs of at most 50. (Envoy issue 3284 shows what happens without this.)
 *   <li>Even spread: in tests, every backend's count of picks over any prefix of the cycle stays
 *       within 3 of its exact share of that prefix.
 * </ul>
 *
 * <p>An update with the same backend ids in the same order keeps the position in the cycle, even if
 * weights change; after a membership change the cycle starts at a random slot so that many
 * balancers do not march in lock-step.
 *
 * <p>No options.
 *
 * <pre>{@code
 * Strategy wrr = Strategies.create("weighted-round-robin");
 * wrr.update(ClusterSnapshot.of(List.of(
 *     Endpoint.of(Backend.of("big", "10.0.0.1", 80).withWeight(5)),
 *     Endpoint.of(Backend.of("small", "10.0.0.2", 80)))));
 * Endpoint e = wrr.pick(0L); // "big" five times in six
 * }</pre>
 */
public final class WeightedRoundRobinStrategy
    extends SnapshotStrategy<WeightedRoundRobinStrategy.Picker> {

  /** The name this strategy is registered under. */
  public static final String NAME = "weighted-round-robin";

  /**
   * Slots a table aims at when weights must be scaled; exact integer weights may use up to this.
   */
  public static final int MAX_TABLE_LENGTH = 65_536;

  private final RandomSource random;

  /**
   * A strategy with the context's randomness (for the start position).
   *
   * @param context options, clock and randomness
   * @throws IllegalArgumentException if the context holds any option
   */
  public WeightedRoundRobinStrategy(StrategyContext context) {
    super(NAME);
    context.requireOnly(NAME, List.of());
    this.random = context.random();
  }

  @Override
  Picker build(ClusterSnapshot cluster, Picker current) {
    if (current != null && sameEndpoints(current.endpoints, cluster)) {
      return current;
    }
    Endpoint[] endpoints = cluster.endpoints().toArray(new Endpoint[0]);
    int[] counts = slotCounts(endpoints);
    int[] schedule =
        current != null && Arrays.equals(current.counts, counts)
            ? current.schedule
            : SmoothSchedule.of(counts);
    Endpoint[] table = new Endpoint[schedule.length];
    for (int t = 0; t < table.length; t++) {
      table[t] = endpoints[schedule[t]];
    }
    ThreadCursor position =
        current != null && sameMembers(current.endpoints, cluster)
            ? current.position
            : new ThreadCursor(random, table.length);
    return new Picker(endpoints, counts, schedule, table, position);
  }

  @Override
  public Endpoint tryPick(long key) {
    Picker p = picker();
    if (p == null) {
      return null;
    }
    return p.table[Math.floorMod(p.position.next(), p.table.length)];
  }

  /** Integer slots per endpoint, proportional to effective weights; see the class documentation. */
  static int[] slotCounts(Endpoint[] endpoints) {
    int n = endpoints.length;
    int[] counts = new int[n];
    double total = 0;
    boolean integral = true;
    for (Endpoint e : endpoints) {
      total += e.weight();
      integral &= e.weight() == Math.rint(e.weight());
    }
    double scale = integral && total <= MAX_TABLE_LENGTH ? 1.0 : MAX_TABLE_LENGTH / total;
    int gcd = 0;
    for (int i = 0; i < n; i++) {
      counts[i] = (int) Math.max(1, Math.round(endpoints[i].weight() * scale));
      gcd = IntMath.gcd(gcd, counts[i]);
    }
    for (int i = 0; i < n; i++) {
      counts[i] /= gcd;
    }
    return counts;
  }

  /** The endpoints, their slot counts, the schedule over indices, and the table of endpoints. */
  static final class Picker {
    final Endpoint[] endpoints;
    final int[] counts;
    final int[] schedule;
    final Endpoint[] table;
    final ThreadCursor position;

    Picker(
        Endpoint[] endpoints,
        int[] counts,
        int[] schedule,
        Endpoint[] table,
        ThreadCursor position) {
      this.endpoints = endpoints;
      this.counts = counts;
      this.schedule = schedule;
      this.table = table;
      this.position = position;
    }
  }

  /** Registers {@code weighted-round-robin}. */
  public static final class Provider extends NamedStrategyProvider {
    /** Required by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(
          NAME,
          "Each backend in turn in proportion to its weight, spread evenly without bursts",
          WeightedRoundRobinStrategy::new);
    }
  }
}
