package io.github.fulcrumlb.micrometer;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import io.github.fulcrumlb.netty.stats.UdpBalancerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link UdpBalancer}'s traffic counters ({@link UdpBalancer#stats()}) to a Micrometer
 * registry: the balancer's totals under {@code fulcrum.udp.*}, and the same per backend under
 * {@code fulcrum.udp.backend.*} with a {@code backend} tag (separate names, so that a sum over
 * backends is never mixed with the total, which also counts datagrams no backend was picked for).
 *
 * <table>
 *   <caption>Meters (each also as {@code fulcrum.udp.backend.<name>} per backend)</caption>
 *   <tr><td>{@code fulcrum.udp.datagrams}</td><td>function counter, tag {@code direction} =
 *       {@code request} (client to backend) | {@code reply} (backend to client)</td></tr>
 *   <tr><td>{@code fulcrum.udp.bytes}</td><td>function counter, bytes, same tag</td></tr>
 *   <tr><td>{@code fulcrum.udp.drops}</td><td>function counter: datagrams dropped</td></tr>
 *   <tr><td>{@code fulcrum.udp.oversize}</td><td>function counter: datagrams, either way, over the
 *       largest accepted size (dropped whole)</td></tr>
 *   <tr><td>{@code fulcrum.udp.replies.unmatched}, {@code fulcrum.udp.replies.dropped}</td><td>
 *       function counters: backend datagrams relayed without a waiting request, and not
 *       relayed</td></tr>
 *   <tr><td>{@code fulcrum.udp.timeouts}</td><td>function counter: requests without a reply in
 *       time</td></tr>
 *   <tr><td>{@code fulcrum.udp.unreachable}</td><td>function counter: ICMP port unreachable</td></tr>
 *   <tr><td>{@code fulcrum.udp.sessions.opened}, {@code .evicted}</td><td>function counters</td></tr>
 *   <tr><td>{@code fulcrum.udp.sessions.active}</td><td>gauge: sessions open now</td></tr>
 * </table>
 *
 * <p>Drops carry no {@code cause} tag yet: {@link TrafficStats} keeps one drop counter. When the
 * transport's stats tell causes apart, this binder adds the tag.
 *
 * <p>Reads only the counters the transport keeps for its own stats, when the registry asks (one
 * {@code stats()} snapshot per scrape); nothing runs on the event loops. Meters hold the balancer
 * weakly; backends seen after binding get their meters at the next scrape. For latency per backend,
 * ejections and the ready count, bind a {@link LoadBalancerMetrics} to the balancer's load balancer
 * as well.
 *
 * <pre>{@code
 * UdpBalancer udp = UdpBalancer.start(config);
 * new UdpBalancerMetrics(udp).bindTo(registry);
 * }</pre>
 */
public final class UdpBalancerMetrics implements MeterBinder, AutoCloseable {
  private final Tags tags;
  private final SnapshotCache<UdpBalancer, UdpBalancerStats> stats;
  private final Map<String, List<Meter>> perBackend = new ConcurrentHashMap<>();
  private final List<Meter> totals = new ArrayList<>();
  private volatile MeterRegistry registry;

  /** Binds {@code balancer} without extra tags. */
  public UdpBalancerMetrics(UdpBalancer balancer) {
    this(balancer, Tags.empty());
  }

  /**
   * @param balancer the balancer to observe; held weakly
   * @param tags added to every meter
   */
  public UdpBalancerMetrics(UdpBalancer balancer, Iterable<Tag> tags) {
    this(balancer, tags, System::nanoTime);
  }

  /** With the clock that ages snapshots (tests). */
  UdpBalancerMetrics(UdpBalancer balancer, Iterable<Tag> tags, LongSupplier nanoTime) {
    checkNotNull(balancer, "balancer must not be null");
    this.tags = Tags.of(checkNotNull(tags, "tags must not be null"));
    this.stats =
        new SnapshotCache<>(
            balancer,
            UdpBalancer::stats,
            nanoTime,
            TimeUnit.MILLISECONDS.toNanos(LoadBalancerMetrics.SNAPSHOT_MAX_AGE_MILLIS));
  }

  @Override
  public synchronized void bindTo(MeterRegistry target) {
    checkNotNull(target, "registry must not be null");
    if (registry != null) {
      throw new IllegalStateException("UdpBalancerMetrics is already bound to " + registry);
    }
    UdpBalancer udp = stats.source();
    if (udp == null) {
      throw new IllegalStateException("the UdpBalancer was already collected");
    }
    registry = target;
    totals.addAll(register(target, udp, "fulcrum.udp.", tags, s -> s == null ? null : s.total()));
    sync(stats.get());
  }

  private void sync(UdpBalancerStats s) {
    MeterRegistry r = registry;
    UdpBalancer udp = stats.source();
    if (s == null || r == null || udp == null) {
      return;
    }
    for (TrafficStats b : s.backends()) {
      if (!perBackend.containsKey(b.name())) {
        String id = b.name();
        perBackend.put(
            id,
            register(r, udp, "fulcrum.udp.backend.", tags.and("backend", id), u -> backend(u, id)));
      }
    }
  }

  private static TrafficStats backend(UdpBalancerStats s, String id) {
    if (s == null) {
      return null;
    }
    for (TrafficStats b : s.backends()) {
      if (b.name().equals(id)) {
        return b;
      }
    }
    return null;
  }

  private List<Meter> register(
      MeterRegistry r,
      UdpBalancer udp,
      String prefix,
      Tags t,
      Function<UdpBalancerStats, TrafficStats> select) {
    List<Meter> list = new ArrayList<>();
    ToDoubleFunction<ToDoubleFunction<TrafficStats>> reader =
        field -> {
          UdpBalancerStats s = stats.get();
          sync(s);
          TrafficStats ts = select.apply(s);
          return ts == null ? Double.NaN : field.applyAsDouble(ts);
        };
    list.add(
        counter(
            r,
            udp,
            prefix + "datagrams",
            t.and("direction", "request"),
            "Datagrams forwarded from clients to backends",
            null,
            u -> reader.applyAsDouble(TrafficStats::requests)));
    list.add(
        counter(
            r,
            udp,
            prefix + "datagrams",
            t.and("direction", "reply"),
            "Datagrams relayed from backends to clients",
            null,
            u -> reader.applyAsDouble(TrafficStats::replies)));
    list.add(
        counter(
            r,
            udp,
            prefix + "bytes",
            t.and("direction", "request"),
            "Bytes forwarded from clients to backends",
            "bytes",
            u -> reader.applyAsDouble(TrafficStats::requestBytes)));
    list.add(
        counter(
            r,
            udp,
            prefix + "bytes",
            t.and("direction", "reply"),
            "Bytes relayed from backends to clients",
            "bytes",
            u -> reader.applyAsDouble(TrafficStats::replyBytes)));
    list.add(
        counter(
            r,
            udp,
            prefix + "drops",
            t,
            "Datagrams dropped",
            null,
            u -> reader.applyAsDouble(TrafficStats::drops)));
    list.add(
        counter(
            r,
            udp,
            prefix + "oversize",
            t,
            "Datagrams, either way, larger than the largest accepted size: dropped whole",
            null,
            u -> reader.applyAsDouble(TrafficStats::oversize)));
    list.add(
        counter(
            r,
            udp,
            prefix + "replies.unmatched",
            t,
            "Backend datagrams relayed that answered no waiting request (late or extra)",
            null,
            u -> reader.applyAsDouble(TrafficStats::unmatchedReplies)));
    list.add(
        counter(
            r,
            udp,
            prefix + "replies.dropped",
            t,
            "Backend datagrams not relayed (their session closed, or oversize)",
            null,
            u -> reader.applyAsDouble(TrafficStats::droppedReplies)));
    list.add(
        counter(
            r,
            udp,
            prefix + "timeouts",
            t,
            "Requests without a reply in time",
            null,
            u -> reader.applyAsDouble(TrafficStats::timeouts)));
    list.add(
        counter(
            r,
            udp,
            prefix + "unreachable",
            t,
            "ICMP port unreachable reports",
            null,
            u -> reader.applyAsDouble(TrafficStats::unreachable)));
    list.add(
        counter(
            r,
            udp,
            prefix + "sessions.opened",
            t,
            "Client sessions opened",
            null,
            u -> reader.applyAsDouble(TrafficStats::sessionsOpened)));
    list.add(
        counter(
            r,
            udp,
            prefix + "sessions.evicted",
            t,
            "Client sessions evicted because the table was full",
            null,
            u -> reader.applyAsDouble(TrafficStats::sessionsEvicted)));
    list.add(
        Gauge.builder(
                prefix + "sessions.active",
                udp,
                u -> reader.applyAsDouble(TrafficStats::sessionsActive))
            .tags(t)
            .description("Client sessions open now")
            .register(r));
    return list;
  }

  private static Meter counter(
      MeterRegistry r,
      UdpBalancer udp,
      String name,
      Tags t,
      String description,
      String baseUnit,
      ToDoubleFunction<UdpBalancer> f) {
    FunctionCounter.Builder<UdpBalancer> b =
        FunctionCounter.builder(name, udp, f).tags(t).description(description);
    if (baseUnit != null) {
      b.baseUnit(baseUnit);
    }
    return b.register(r);
  }

  /** Removes every meter of this binder from the registry. */
  @Override
  public synchronized void close() {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    totals.forEach(r::remove);
    totals.clear();
    perBackend.values().forEach(list -> list.forEach(r::remove));
    perBackend.clear();
  }
}
