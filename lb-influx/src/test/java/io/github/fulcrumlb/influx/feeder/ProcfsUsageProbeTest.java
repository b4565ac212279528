package io.github.fulcrumlb.influx.feeder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcfsUsageProbeTest {
  @TempDir Path proc;

  private void files(String cpuLine) throws Exception {
    Files.writeString(proc.resolve("stat"), cpuLine + "\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 1\n");
    Files.writeString(
        proc.resolve("meminfo"),
        "MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    4000000 kB\n");
    Files.createDirectories(proc.resolve("net"));
    Files.writeString(
        proc.resolve("net/dev"),
        String.join(
            "\n",
            "Inter-|   Receive                                                |  Transmit",
            " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets"
                + " errs drop fifo colls carrier compressed",
            "    lo: 999 1 0 0 0 0 0 0 999 1 0 0 0 0 0 0",
            "  eth0: 123456 10 0 0 0 0 0 0 654321 20 0 0 0 0 0 0",
            ""));
  }

  @Test
  void readsIdleShareSinceThePreviousReadingMemoryUsedAndCountersWithoutLoopback()
      throws Exception {
    ProcfsUsageProbe probe = new ProcfsUsageProbe(proc);
    files("cpu  100 0 100 800 0 0 0 0 0 0");
    HostUsage first = probe.read();
    assertThat(first.cpuUsageIdle()).isEmpty(); // needs two readings, as Telegraf
    assertThat(first.memoryUsedPercent()).isCloseTo(75.0, within(1e-9));
    assertThat(first.network()).containsOnlyKeys("eth0");
    assertThat(first.network().get("eth0"))
        .isEqualTo(new HostUsage.NetworkCounters(123_456, 654_321));

    files("cpu  150 0 150 1100 0 0 0 0 0 0"); // +400 ticks, of which +300 idle
    assertThat(probe.read().cpuUsageIdle().getAsDouble()).isCloseTo(75.0, within(1e-9));
  }
}
