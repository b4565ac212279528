package io.github.fulcrumlb.examples.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/**
 * What the JVM can tell {@code fulcrum udp} about the process: the open-file limit (each UDP
 * session holds one socket) and the bytes allocated by a group of threads (the balancer's event
 * loops), from HotSpot's management beans. Not part of the balancer: an embedding application has
 * its own monitoring.
 *
 * <pre>{@code
 * long fds = JvmDiagnostics.fileDescriptorLimit();
 * long before = JvmDiagnostics.allocatedBytes(UdpBalancer.EVENT_LOOP_THREAD_PREFIX);
 * }</pre>
 */
final class JvmDiagnostics {
  private JvmDiagnostics() {}

  /** The process's open-file limit, or -1 if the JVM does not say. */
  static long fileDescriptorLimit() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount()
        : -1;
  }

  /**
   * Bytes allocated so far by the live threads whose name starts with {@code threadNamePrefix}
   * (HotSpot's per-thread allocation counter), or -1 where the JVM does not count. The difference
   * over an interval divided by the datagrams relayed in it is the allocation per datagram.
   */
  static long allocatedBytes(String threadNamePrefix) {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (!(mx instanceof com.sun.management.ThreadMXBean hotspot)
        || !hotspot.isThreadAllocatedMemorySupported()) {
      return -1;
    }
    long sum = 0;
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith(threadNamePrefix)) {
        long bytes = hotspot.getThreadAllocatedBytes(t.getThreadId());
        if (bytes > 0) {
          sum += bytes;
        }
      }
    }
    return sum;
  }
}
