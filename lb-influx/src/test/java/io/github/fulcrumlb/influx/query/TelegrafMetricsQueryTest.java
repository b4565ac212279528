package io.github.fulcrumlb.influx.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.influxdb.query.InfluxQLQueryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelegrafMetricsQueryTest {
  private final TelegrafMetricsQuery query =
      new TelegrafMetricsQuery(TelegrafSchema.DEFAULT, Duration.ofMinutes(5));

  @Test
  void oneRequestWithFourStatementsForAllHosts() {
    String text = query.text(List.of("a", "b'c"));
    assertThat(text.split("; ")).hasSize(4);
    assertThat(text)
        .contains("(\"host\" = 'a' OR \"host\" = 'b\\'c')")
        .contains("\"cpu\" = 'cpu-total'")
        .contains("time > now() - 300s")
        .contains("FROM \"net\"")
        .contains("GROUP BY \"host\", \"interface\" ORDER BY time DESC LIMIT 2");
  }

  @Test
  void cpuIsHundredMinusIdleAndMemoryIsUsedPercent() {
    Map<String, HostReading> r =
        query.parse(
            result(
                statement(0, series("cpu", "h", null, row(1_000, 70.0))),
                statement(1, series("mem", "h", null, row(900, 55.0)))));
    assertThat(r.get("h").cpu()).isEqualTo(new Reading(0.3, 1_000));
    assertThat(r.get("h").memory().value()).isCloseTo(0.55, within(1e-12));
    assertThat(r.get("h").networkIn()).isNull();
  }

  @Test
  void networkRateIsCounterDifferencePerSecondSummedOverInterfacesOfTheNewestCollection() {
    Map<String, HostReading> r =
        query.parse(
            result(
                statement(
                    2,
                    series("net", "h", "eth0", row(20_000, 3_000.0), row(10_000, 1_000.0)),
                    series("net", "h", "eth1", row(20_000, 500.0), row(18_000, 100.0)),
                    series("net", "h", "gone0", row(5_000, 9e9), row(4_000, 0.0)))));
    // eth0: 2000 B / 10 s; eth1: 400 B / 2 s; gone0 stopped reporting long ago: not counted
    assertThat(r.get("h").networkIn()).isEqualTo(new Reading(400.0, 20_000));
  }

  @Test
  void counterResetOrSinglePointGivesNoRate() {
    Map<String, HostReading> r =
        query.parse(
            result(
                statement(
                    3,
                    series("net", "h", "eth0", row(20_000, 10.0), row(10_000, 1_000.0)),
                    series("net", "k", "eth0", row(20_000, 10.0)))));
    assertThat(r).isEmpty(); // neither host has a usable signal
  }

  @Test
  void valuesThatAreNotNumbersAreKeptAsTextForTheSourceToRejectButTimesMustBeNumbers() {
    assertThat(TelegrafMetricsQuery.VALUES.extractValue("usage_idle", "NaNx", 0, "cpu"))
        .isEqualTo("NaNx");
    assertThatThrownBy(() -> TelegrafMetricsQuery.VALUES.extractValue("time", "x", 0, "cpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time");
    assertThatThrownBy(() -> query.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Object[] row(long time, double value) {
    return new Object[] {time, value};
  }

  private static InfluxQLQueryResult.Series series(
      String name, String host, String iface, Object[]... rows) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("host", host);
    if (iface != null) {
      tags.put("interface", iface);
    }
    Map<String, Integer> columns = new LinkedHashMap<>();
    columns.put("time", 0);
    columns.put("value", 1);
    InfluxQLQueryResult.Series s = new InfluxQLQueryResult.Series(name, tags, columns);
    for (Object[] row : rows) {
      s.addRecord(s.new Record(row));
    }
    return s;
  }

  private static InfluxQLQueryResult.Result statement(int index, InfluxQLQueryResult.Series... s) {
    return new InfluxQLQueryResult.Result(index, List.of(s));
  }

  private static InfluxQLQueryResult result(InfluxQLQueryResult.Result... results) {
    return new InfluxQLQueryResult(new ArrayList<>(List.of(results)));
  }
}
