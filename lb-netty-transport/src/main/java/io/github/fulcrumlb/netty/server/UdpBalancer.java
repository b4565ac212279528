package io.github.fulcrumlb.netty.server;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.Strategies;
import io.github.fulcrumlb.api.Strategy;
import io.github.fulcrumlb.api.StrategyContext;
import io.github.fulcrumlb.core.LoadBalancer;
import io.github.fulcrumlb.core.LoadBalancerBuilder;
import io.github.fulcrumlb.netty.config.Affinity;
import io.github.fulcrumlb.netty.config.UdpBalancerConfig;
import io.github.fulcrumlb.netty.internal.NettyTransport;
import io.github.fulcrumlb.netty.stats.TrafficStats;
import io.github.fulcrumlb.netty.stats.UdpBalancerStats;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A UDP load balancer on Netty: listens on a UDP address, sends each client session's (or each
 * datagram's) traffic to a backend picked by any Fulcrum {@link Strategy}, and relays every backend
 * reply to the right client. Embeddable; {@code ./fulcrum udp} runs one standalone.
 *
 * <ul>
 *   <li><b>Data plane:</b> lb-core's {@link LoadBalancer}. A forwarded datagram counts as in flight
 *       on its backend until its reply or the reply timeout (nginx's {@code proxy_responses 1}),
 *       and its round-trip time is reported as the request's latency, so {@code p2c}, {@code
 *       peak-ewma} and learned strategies work over UDP as they do in-process.
 *   <li><b>Threads:</b> several event loops; with epoll (or NIO where the JDK supports it) each has
 *       its own listener on the same port (SO_REUSEPORT), the kernel spreads clients over them, and
 *       each loop owns its sessions and their upstream sockets: no locks on the data plane.
 *   <li><b>Sessions:</b> bounded table per loop with idle expiry and LRU eviction; one upstream
 *       socket per session (see the {@code server} package documentation for why).
 *   <li><b>Health:</b> reply timeouts and ICMP port unreachable are failures; the load balancer
 *       ejects backends that keep failing and lets them back after their ejection time, when live
 *       traffic probes them. Optional active health checks ({@link
 *       UdpBalancerConfig.Builder#activeHealthCheck}) probe every backend with a payload of your
 *       choosing and hold failing ones out of new sessions. Sessions whose backend is ejected,
 *       failing its checks or removed move on their next datagram (a removed one may keep its
 *       sessions for a lame-duck timeout); others are untouched.
 *   <li><b>Host metrics:</b> a {@link io.github.fulcrumlb.api.MetricsSource} given with {@link
 *       UdpBalancerConfig.Builder#metrics} reaches the strategy through the load balancer's control
 *       plane (never the event loops), so {@code least-load} steers datagrams away from busy hosts.
 *       The balancer does not close the source: its creator does, after the balancer.
 *   <li><b>Shutdown:</b> {@link #close()} stops forwarding new datagrams, waits for replies in
 *       flight up to the drain timeout, then closes everything.
 * </ul>
 *
 * <pre>{@code
 * try (UdpBalancer lb = UdpBalancer.start(UdpBalancerConfig.builder()
 *     .listen(new InetSocketAddress("127.0.0.1", 5353))
 *     .backends(List.of(Backend.parse("127.0.0.1:5301"), Backend.parse("127.0.0.1:5302")))
 *     .strategy("peak-ewma")
 *     .build())) {
 *   System.out.println("listening on " + lb.localAddress() + " with " + lb.transport());
 *   lb.addBackend(Backend.parse("127.0.0.1:5303"));
 *   ...
 * }
 * }</pre>
 */
public final class UdpBalancer implements AutoCloseable {
  /**
   * The event-loop threads' names start with this (e.g. to sum their allocated bytes from the JVM's
   * thread statistics).
   */
  public static final String EVENT_LOOP_THREAD_PREFIX = "fulcrum-udp";

  /**
   * Receive and send buffer asked for on every socket, listener and upstream alike (the kernel caps
   * it at {@code net.core.rmem_max} / {@code wmem_max}). While the loop is busy, client datagrams
   * wait in the listener's buffer and replies in the upstream sockets' buffers: an upstream socket
   * left at the kernel's default (about 200 KiB, some 250 small datagrams) drops the replies of
   * requests the backends have already served, while the listener still holds their requests.
   */
  static final int SOCKET_BUFFER_BYTES = 4 << 20;

  private final UdpBalancerConfig config;
  private final NettyTransport transport;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final TrafficCounters total = new TrafficCounters();
  private final LoadBalancer lb;
  private final ReadyBackends ready;
  private final EventLoopGroup group;
  private final List<Forwarder> forwarders = new ArrayList<>();
  private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
  private final ActiveHealthChecker healthChecker; // null: no active checks
  private ScheduledExecutorService healthScheduler;
  private volatile boolean draining;
  private volatile boolean closed;
  private InetSocketAddress localAddress;

  private UdpBalancer(UdpBalancerConfig config) {
    this.config = config;
    for (Backend b : config.backends()) {
      routes.put(b.id(), resolve(b));
    }
    Strategy strategy =
        Strategies.create(
            config.strategy(), StrategyContext.builder().options(config.strategyOptions()).build());
    ReadyBackends ready = new ReadyBackends(strategy, routes::get);
    this.ready = ready;
    LoadBalancerBuilder lbBuilder =
        LoadBalancer.builder()
            .strategy(ready)
            .backends(config.backends())
            .outlierDetection(config.outlierDetection())
            .refreshInterval(config.refreshInterval());
    config.metrics().ifPresent(lbBuilder::metrics);
    this.lb = lbBuilder.build();
    this.healthChecker =
        config
            .activeHealthCheck()
            .map(check -> new ActiveHealthChecker(check, System::nanoTime, ready::holdOut))
            .orElse(null);
    if (healthChecker != null) {
      routes.forEach((id, route) -> healthChecker.track(id, route.address()));
    }
    this.transport = NettyTransport.select(config.transport());
    int loops = transport.reusePort() ? config.eventLoops() : 1;
    this.group =
        transport.newGroup(loops, new DefaultThreadFactory(EVENT_LOOP_THREAD_PREFIX, true));
    ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    int perLoop = Math.max(1, (config.maxSessions() + loops - 1) / loops);
    ForwardingContext shared =
        new ForwardingContext(
            lb,
            ready,
            routes::get,
            total,
            config.affinity() == Affinity.SESSION,
            config.replyTimeout().toNanos(),
            config.idleTimeout().toNanos(),
            config.maxDatagramSize(),
            this::draining);
    for (EventExecutor executor : group) {
      EventLoop loop = (EventLoop) executor;
      forwarders.add(
          new Forwarder(
              loop,
              shared,
              new SessionTable(perLoop, config.maxPendingPerSession()),
              new UpstreamChannels(
                  loop,
                  transport.channelClass(),
                  alloc,
                  b -> transport.applyUpstreamReads(b, config.maxDatagramSize()))));
    }
  }

  /**
   * Starts a balancer: resolves the backends, binds the listeners and starts forwarding.
   *
   * @throws IllegalArgumentException if a backend cannot be resolved or the strategy is unknown
   * @throws IllegalStateException if the listen address is in use or cannot be bound
   */
  public static UdpBalancer start(UdpBalancerConfig config) {
    UdpBalancer b = new UdpBalancer(config);
    try {
      b.bind();
    } catch (RuntimeException e) {
      b.shutdownNow();
      throw e;
    }
    return b;
  }

  private static Route resolve(Backend b) {
    try {
      InetAddress address = InetAddress.getByName(b.host());
      return new Route(b.id(), new InetSocketAddress(address, b.port()));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "Backend " + b.id() + ": cannot resolve host \"" + b.host() + "\"", e);
    }
  }

  @SuppressWarnings("deprecation") // RCVBUF_ALLOCATOR: still what Netty 4.2 datagram channels read
  private void bind() {
    InetSocketAddress listen = config.listen();
    if (listen.getPort() != 0) {
      checkFree(listen);
    }
    InetSocketAddress address = listen;
    for (Forwarder f : forwarders) {
      Bootstrap b =
          new Bootstrap()
              .group(f.loop())
              .channel(transport.channelClass())
              .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
              .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
              .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
              .option(ChannelOption.AUTO_CLOSE, false)
              .handler(new ClientHandler(f));
      transport.applyReusePort(b);
      transport.applyListenerReads(b, config.maxDatagramSize());
      ChannelFuture bound = b.bind(address);
      try {
        bound.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "Cannot listen on UDP " + hostPort(address) + ": " + e.getCause().getMessage(),
            e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while binding " + hostPort(address), e);
      } catch (TimeoutException e) {
        throw new IllegalStateException("Timed out binding UDP " + hostPort(address), e);
      }
      Channel ch = bound.channel();
      if (address.getPort() == 0) {
        address = (InetSocketAddress) ch.localAddress(); // the others share the chosen port
      }
      long period = tickPeriodNanos();
      ticks.add(f.loop().scheduleAtFixedRate(f::tick, period, period, TimeUnit.NANOSECONDS));
    }
    localAddress = address;
    if (healthChecker != null) {
      healthScheduler =
          Executors.newSingleThreadScheduledExecutor(
              new DefaultThreadFactory("fulcrum-health-check", true));
      long period = healthChecker.tickPeriodNanos();
      healthScheduler.scheduleAtFixedRate(healthChecker::tick, 0, period, TimeUnit.NANOSECONDS);
    }
  }

  /** Fails clearly if anything is bound to the address (SO_REUSEPORT would silently share it). */
  private static void checkFree(InetSocketAddress address) {
    try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open()) {
      probe.bind(address);
    } catch (BindException e) {
      throw new IllegalStateException(
          "UDP address " + hostPort(address) + " is already in use (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot listen on UDP " + hostPort(address) + ": " + e.getMessage(), e);
    }
  }

  private long tickPeriodNanos() {
    long shortest = Math.min(config.replyTimeout().toNanos(), config.idleTimeout().toNanos());
    return Math.max(
        TimeUnit.MILLISECONDS.toNanos(5),
        Math.min(shortest / 4, TimeUnit.MILLISECONDS.toNanos(250)));
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /** The address the balancer listens on (with the chosen port if 0 was given). */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** The transport in use: "epoll with SO_REUSEPORT", "io_uring with SO_REUSEPORT", "nio", ... */
  public String transport() {
    return transport.toString();
  }

  /** Number of event loops, each with its own listener socket. */
  public int eventLoops() {
    return forwarders.size();
  }

  /** The configuration it was started with. */
  public UdpBalancerConfig config() {
    return config;
  }

  /** The load balancer that picks backends: health, ejections and latency per backend. */
  public LoadBalancer loadBalancer() {
    return lb;
  }

  /**
   * The strategy instance that picks (created from the configured name), e.g. to read a learned
   * strategy's own statistics: {@code if (lb.strategy() instanceof RlStrategy rl) rl.stats()}.
   */
  public Strategy strategy() {
    return ready.delegate();
  }

  /**
   * Replaces the strategy without a restart (a configuration reload): the new one is created by
   * name with these options, given the current ready backends, then picks for new sessions and for
   * sessions whose backend leaves. Established sessions keep their backend.
   *
   * @return the new strategy
   * @throws IllegalArgumentException if the name is unknown or an option is invalid (nothing
   *     changes)
   */
  public Strategy replaceStrategy(String name, Map<String, String> options) {
    Strategy next = Strategies.create(name, StrategyContext.builder().options(options).build());
    ready.replaceDelegate(next);
    return next;
  }

  /**
   * {@link #replaceStrategy(String, Map)}, handing the strategy being replaced to {@code retiring}
   * first, while no update can reach it, and creating the new one only after: a learned strategy
   * saves its state there, and the new one resumes from what was saved.
   *
   * <pre>{@code
   * udp.replaceStrategy("rl", options, old -> {
   *   if (old instanceof RlStrategy rl) rl.saveState();
   * });
   * }</pre>
   *
   * @return the new strategy
   * @throws IllegalArgumentException if the name is unknown or an option is invalid (the old
   *     strategy keeps picking, though {@code retiring} has run)
   */
  public Strategy replaceStrategy(
      String name, Map<String, String> options, Consumer<? super Strategy> retiring) {
    return ready.replaceDelegate(
        () -> Strategies.create(name, StrategyContext.builder().options(options).build()),
        retiring);
  }

  /**
   * Runs {@code action} on the strategy that picks, while no update can reach it: e.g. to save a
   * learned strategy's state at shutdown without racing its last update. Control plane; works after
   * {@link #shutdown} too.
   */
  public void withStrategy(Consumer<? super Strategy> action) {
    ready.withDelegate(action);
  }

  /**
   * Changes the reply and idle timeouts without a restart; each event loop takes them at its next
   * task. The tick that checks them keeps the period chosen at start.
   *
   * @throws IllegalArgumentException if a timeout is not positive
   */
  public void timeouts(Duration reply, Duration idle) {
    if (reply.isNegative() || reply.isZero() || idle.isNegative() || idle.isZero()) {
      throw new IllegalArgumentException(
          "timeouts must be > 0 but were reply " + reply + ", idle " + idle);
    }
    for (Forwarder f : forwarders) {
      f.timeouts(reply.toNanos(), idle.toNanos());
    }
  }

  /**
   * Adds a backend (or replaces the one with its id). Sessions to other backends are untouched.
   *
   * @return whether it was new
   * @throws IllegalArgumentException if its host cannot be resolved
   */
  public boolean addBackend(Backend backend) {
    if (backend.port() == 0) {
      throw new IllegalArgumentException("Backend " + backend.id() + " needs a port");
    }
    Route route = resolve(backend);
    routes.put(backend.id(), route);
    if (healthChecker != null) {
      healthChecker.track(backend.id(), route.address());
    }
    return lb.addBackend(backend);
  }

  /**
   * Removes a backend: no new session picks it. Without a lame-duck timeout its sessions move to
   * other backends with their next datagram (requests awaiting its replies are given up); with one
   * ({@link UdpBalancerConfig.Builder#lameDuckTimeout}) they keep going to it until the timeout,
   * and are then closed.
   *
   * @return whether it was a member
   */
  public boolean removeBackend(String id) {
    Route route = routes.get(id);
    Duration lameDuck = config.lameDuckTimeout();
    if (route != null && !lameDuck.isZero()) {
      // Before the removal reaches the ready set, so that no session moves in between.
      route.startLameDuck(System.nanoTime() + lameDuck.toNanos());
    }
    boolean removed = lb.removeBackend(id);
    if (healthChecker != null && removed) {
      healthChecker.untrack(id);
    }
    if (route != null && !lameDuck.isZero()) {
      if (!removed) {
        route.endLameDuck();
      } else {
        for (Forwarder f : forwarders) {
          f.loop()
              .schedule(() -> f.closeSessionsOf(route), lameDuck.toNanos(), TimeUnit.NANOSECONDS);
        }
      }
    }
    return removed;
  }

  /** The current members. */
  public List<Backend> backends() {
    return lb.backends();
  }

  /** Whether the balancer is draining or closed (new client datagrams are dropped). */
  public boolean draining() {
    return draining;
  }

  /** Traffic counters: the total and per backend (sorted by id). */
  public UdpBalancerStats stats() {
    List<TrafficStats> perBackend = new ArrayList<>();
    routes.values().forEach(r -> perBackend.add(r.counters().snapshot(r.backendId())));
    perBackend.sort(Comparator.comparing(TrafficStats::name));
    return new UdpBalancerStats(
        total.snapshot("all"),
        perBackend,
        healthChecker == null ? Set.of() : healthChecker.failing());
  }

  /** Sessions open now, over all loops. */
  public int sessions() {
    int n = 0;
    for (Forwarder f : forwarders) {
      n += onLoop(f, () -> f.table().size());
    }
    return n;
  }

  /** Requests forwarded and still awaiting a reply, over all loops. */
  public int pendingRequests() {
    int n = 0;
    for (Forwarder f : forwarders) {
      n += onLoop(f, f::pendingRequests);
    }
    return n;
  }

  private static int onLoop(Forwarder f, java.util.concurrent.Callable<Integer> task) {
    if (f.loop().isShuttingDown()) {
      return 0;
    }
    try {
      return f.loop().submit(task).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (ExecutionException
        | TimeoutException
        | java.util.concurrent.RejectedExecutionException e) {
      return 0;
    }
  }

  /**
   * Graceful shutdown: stops forwarding new client datagrams, waits up to {@code drain} for replies
   * to requests in flight (still relayed to clients), then closes sessions, sockets, event loops
   * and the load balancer (which unsubscribes from the metrics source, if any, but leaves it open).
   * Idempotent.
   *
   * @return whether every request in flight was answered (or timed out) within the deadline
   */
  public boolean shutdown(Duration drain) {
    if (closed) {
      return true;
    }
    draining = true;
    long deadline = System.nanoTime() + drain.toNanos();
    boolean drained = false;
    while (true) {
      if (pendingRequests() == 0) {
        drained = true;
        break;
      }
      if (System.nanoTime() - deadline >= 0) {
        break;
      }
      try {
        Thread.sleep(5); // polling a counter with a deadline, not waiting for a fixed time
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    shutdownNow();
    return drained;
  }

  private synchronized void shutdownNow() {
    if (closed) {
      return;
    }
    closed = true;
    draining = true;
    ticks.forEach(t -> t.cancel(false));
    if (healthScheduler != null) {
      healthScheduler.shutdownNow();
    }
    if (healthChecker != null) {
      healthChecker.close();
    }
    for (Forwarder f : forwarders) {
      try {
        f.loop()
            .submit(
                () -> {
                  f.closeAll();
                  Channel l = f.listener();
                  if (l != null) {
                    l.close();
                  }
                  f.listener(null);
                })
            .get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException
          | TimeoutException
          | java.util.concurrent.RejectedExecutionException e) {
        // the loop is gone; its channels close with it
      }
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    lb.close();
  }

  /** {@link #shutdown} with the configured drain timeout. */
  @Override
  public void close() {
    shutdown(config.drainTimeout());
  }

  @Override
  public String toString() {
    return "UdpBalancer{"
        + localAddress
        + ", "
        + transport
        + ", loops="
        + forwarders.size()
        + ", "
        + lb
        + '}';
  }
}
