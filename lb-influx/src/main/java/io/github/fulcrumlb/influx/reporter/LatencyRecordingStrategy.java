package io.github.fulcrumlb.influx.reporter;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.ForwardingStrategy;
import io.github.fulcrumlb.api.Strategy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Wraps a strategy to record every outcome's latency per backend in an HdrHistogram {@link
 * Recorder}, so that a {@link DecisionReporter} can write latency p50 and p99 per interval (the
 * balancer's own stats hold only a moving average). Picks and updates go straight to the wrapped
 * strategy, which keeps its name.
 *
 * <p>Recording is on the data plane: a map lookup and a wait-free, allocation-free {@code
 * recordValue} (a backend's first outcome creates its recorder once). Latencies are kept in
 * microseconds with two significant digits, up to one minute (longer ones count as one minute).
 *
 * <pre>{@code
 * LatencyRecordingStrategy strategy = new LatencyRecordingStrategy(Strategies.create("p2c"));
 * LoadBalancer lb = LoadBalancer.builder().backends(backends).strategy(strategy).build();
 * DecisionReporter reporter =
 *     DecisionReporter.builder(writer, lb::stats).latencies(strategy).build();
 * }</pre>
 */
public final class LatencyRecordingStrategy extends ForwardingStrategy {
  /** Longest latency kept apart: one minute, in microseconds. */
  static final long MAX_MICROS = 60_000_000L;

  private final ConcurrentHashMap<String, Recorder> recorders = new ConcurrentHashMap<>();

  private final Strategy delegate;

  /** Wraps {@code delegate}. */
  public LatencyRecordingStrategy(Strategy delegate) {
    this.delegate = checkNotNull(delegate, "delegate");
  }

  /** The wrapped strategy. */
  @Override
  public Strategy delegate() {
    return delegate;
  }

  @Override
  public void onOutcome(Endpoint endpoint, long latencyNanos, boolean success) {
    Recorder r = recorders.get(endpoint.id());
    if (r == null) {
      r = recorders.computeIfAbsent(endpoint.id(), id -> new Recorder(1, MAX_MICROS, 2));
    }
    long micros = Math.max(1, Math.min(MAX_MICROS, latencyNanos / 1_000));
    r.recordValue(micros);
    super.onOutcome(endpoint, latencyNanos, success);
  }

  /**
   * The latencies recorded per backend since the previous call (control plane; allocates), in
   * microseconds. Backends without outcomes in the interval are absent.
   */
  public Map<String, Histogram> takeIntervalHistograms() {
    Map<String, Histogram> out = new HashMap<>();
    recorders.forEach(
        (id, r) -> {
          Histogram h = r.getIntervalHistogram();
          if (h.getTotalCount() > 0) {
            out.put(id, h);
          }
        });
    return out;
  }

  /** Forgets the recorder of a backend that left. */
  public void forget(String backendId) {
    recorders.remove(backendId);
  }

  @Override
  public String toString() {
    return "LatencyRecordingStrategy{" + name() + '}';
  }
}
