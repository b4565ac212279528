package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.examples.ops.MetricsEndpoint;
import io.github.fulcrumlb.examples.ops.UdpBalancerBinding;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import io.micrometer.core.instrument.Tags;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code fulcrum demo --metrics-listen}: one {@link MetricsEndpoint} for the whole command; each
 * run's balancer is bound while it runs, its series tagged {@code strategy=<name>} so that a {@code
 * --compare} shows one line per strategy in Prometheus. Without the flag, does nothing.
 */
final class DemoMetricsEndpoint implements AutoCloseable {
  private final MetricsEndpoint endpoint; // null without --metrics-listen

  private DemoMetricsEndpoint(MetricsEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** Opens the endpoint if {@code hostPort} is given, and says where it is. */
  static DemoMetricsEndpoint open(String hostPort, PrintWriter out) {
    if (hostPort == null) {
      return new DemoMetricsEndpoint(null);
    }
    MetricsEndpoint endpoint = MetricsEndpoint.start(address(hostPort));
    endpoint.health(() -> new MetricsEndpoint.Health(false, "no demo run is in progress"));
    out.printf(
        "fulcrum demo: metrics on http://%s:%d/metrics, health on /health%n",
        endpoint.address().getHostString(), endpoint.address().getPort());
    out.flush();
    return new DemoMetricsEndpoint(endpoint);
  }

  /** Binds a run's balancer until the returned handle is closed. */
  AutoCloseable attach(UdpBalancer udp) {
    if (endpoint == null) {
      return () -> {};
    }
    UdpBalancerBinding binding =
        new UdpBalancerBinding(
            udp, endpoint.registry(), Tags.of("strategy", udp.strategy().name()));
    endpoint.health(() -> UdpBalancerBinding.health(udp.loadBalancer()));
    return () -> {
      endpoint.health(() -> new MetricsEndpoint.Health(false, "no demo run is in progress"));
      binding.close();
    };
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try {
      if (colon > 0) {
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        if (port >= 0 && port <= 65_535) {
          return new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)), port);
        }
      }
    } catch (NumberFormatException | UnknownHostException e) {
      // fall through to the one-line error
    }
    throw new IllegalArgumentException(
        "--metrics-listen must be HOST:PORT with a port in"
            + " [0, 65535] and a resolvable host, e.g. 127.0.0.1:9464, but was \""
            + hostPort
            + "\"");
  }
}
