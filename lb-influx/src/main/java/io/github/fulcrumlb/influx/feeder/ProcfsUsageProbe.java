package io.github.fulcrumlb.influx.feeder;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Reads host usage from Linux's {@code /proc} the way Telegraf does: CPU idle from the {@code cpu}
 * line of {@code /proc/stat} (the share of {@code idle} in user + nice + system + idle + iowait +
 * irq + softirq + steal since the previous reading, as Telegraf's {@code usage_idle}), memory used
 * as {@code MemTotal − MemAvailable} of {@code /proc/meminfo}, and byte counters of every interface
 * but {@code lo} from {@code /proc/net/dev}. Not thread-safe (it keeps the previous CPU counters).
 *
 * <pre>{@code
 * HostUsageProbe probe = new ProcfsUsageProbe();              // /proc
 * HostUsageProbe fake = new ProcfsUsageProbe(Path.of("src/test/resources/proc"));
 * }</pre>
 */
public final class ProcfsUsageProbe implements HostUsageProbe {
  private final Path proc;
  private long[] previousCpu; // idle, total

  /** Reads {@code /proc}. */
  public ProcfsUsageProbe() {
    this(Path.of("/proc"));
  }

  /** Reads a directory laid out like {@code /proc} ({@code stat}, {@code meminfo}, net/dev). */
  public ProcfsUsageProbe(Path procRoot) {
    this.proc = checkNotNull(procRoot, "procRoot");
  }

  @Override
  public HostUsage read() throws IOException {
    return new HostUsage(cpuIdle(), memoryUsedPercent(), network());
  }

  private OptionalDouble cpuIdle() throws IOException {
    for (String line : Files.readAllLines(proc.resolve("stat"))) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split("\\s+");
        // user nice system idle iowait irq softirq steal (guest time is already in user)
        long total = 0;
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]);
        long[] now = {idle, total};
        long[] before = previousCpu;
        previousCpu = now;
        if (before == null || now[1] <= before[1]) {
          return OptionalDouble.empty();
        }
        double pct = 100.0 * (now[0] - before[0]) / (now[1] - before[1]);
        return OptionalDouble.of(Math.max(0, Math.min(100, pct)));
      }
    }
    throw new IOException("no cpu line in " + proc.resolve("stat"));
  }

  private double memoryUsedPercent() throws IOException {
    long total = -1;
    long available = -1;
    for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        total = kib(line);
      } else if (line.startsWith("MemAvailable:")) {
        available = kib(line);
      }
    }
    if (total <= 0 || available < 0) {
      throw new IOException("no MemTotal/MemAvailable in " + proc.resolve("meminfo"));
    }
    return 100.0 * (total - Math.min(total, available)) / total;
  }

  private static long kib(String line) {
    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]);
  }

  private Map<String, HostUsage.NetworkCounters> network() throws IOException {
    Map<String, HostUsage.NetworkCounters> out = new TreeMap<>();
    List<String> lines = Files.readAllLines(proc.resolve("net/dev"));
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue; // the two header lines
      }
      String name = line.substring(0, colon).trim();
      if (name.equals("lo")) {
        continue; // Telegraf skips loopback interfaces unless asked
      }
      String[] f = line.substring(colon + 1).trim().split("\\s+");
      if (f.length < 9) {
        continue;
      }
      out.put(name, new HostUsage.NetworkCounters(Long.parseLong(f[0]), Long.parseLong(f[8])));
    }
    return out;
  }

  @Override
  public String toString() {
    return "ProcfsUsageProbe{" + proc + '}';
  }
}
