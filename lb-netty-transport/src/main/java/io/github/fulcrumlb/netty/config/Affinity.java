package io.github.fulcrumlb.netty.config;

/**
 * How the UDP balancer chooses a backend for a client's datagrams.
 *
 * <pre>{@code
 * UdpBalancerConfig.builder().affinity(Affinity.DATAGRAM) // spread even one client's datagrams
 * }</pre>
 */
public enum Affinity {
  /**
   * One pick per session (client address and port), as nginx's stream proxy does: every datagram of
   * the session goes to the same backend until the session is idle, evicted, or its backend fails
   * or leaves. The default.
   */
  SESSION,
  /** One pick per datagram: a client's datagrams spread over the backends. */
  DATAGRAM
}
