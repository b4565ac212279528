package io.github.fulcrumlb.netty.config;

/**
 * The Netty transport the UDP balancer runs on. Epoll and io_uring need Linux on x86-64 (their
 * native libraries ship in the {@code linux-x86_64} jars); io_uring also needs a kernel that allows
 * it ({@code /proc/sys/kernel/io_uring_disabled} 0). NIO runs everywhere.
 *
 * <pre>{@code
 * UdpBalancerConfig.builder().transport(Transport.IO_URING) // fails at start if not available
 * }</pre>
 */
public enum Transport {
  /**
   * The fastest available here: epoll, else io_uring, else NIO. Epoll comes first because on the
   * project's benchmark (docs/BENCHMARKS.md) it used less CPU and fewer system calls per reply than
   * io_uring and allocated less, at the same replies per second. The default.
   */
  AUTO,
  /** Linux io_uring; the balancer fails to start, naming the cause, where it is not available. */
  IO_URING,
  /**
   * Linux epoll, reading client datagrams with {@code recvmmsg} and sending replies with {@code
   * sendmmsg}; the balancer fails to start, naming the cause, where it is not available.
   */
  EPOLL,
  /** Java NIO: everywhere, the slowest. */
  NIO
}
