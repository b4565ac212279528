package io.github.fulcrumlb.influx.query;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static io.github.fulcrumlb.influx.query.InfluxQl.identifier;
import static io.github.fulcrumlb.influx.query.InfluxQl.tagEquals;

import com.influxdb.query.InfluxQLQueryResult;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one InfluxQL request a refresh sends for all hosts, and how its answer becomes {@link
 * HostReading}s. Pure text and parsing, no I/O: {@link InfluxQlHostReader} sends it.
 *
 * <p>The request holds four {@code SELECT} statements (InfluxQL runs them in one round trip), each
 * reading one field of one measurement for every wanted host, newest first:
 *
 * <ol>
 *   <li>CPU idle of {@code cpu=cpu-total}, the newest point per host;
 *   <li>memory used percent, the newest point per host;
 *   <li>received bytes counter, the two newest points per host and interface;
 *   <li>sent bytes counter, likewise.
 * </ol>
 *
 * One field per statement keeps every returned value non-null whatever else the measurement holds
 * (influxdb-client-java's JSON reader fails on a null value). Results are read as JSON because its
 * CSV reader splits tags on {@code ,} and {@code =}, which host names may contain. The network rate
 * of an interface is the difference of its two newest counters divided by their time difference
 * (what InfluxQL's {@code non_negative_derivative(field, 1s)} gives for that pair); a counter that
 * went down (a reset) gives no rate. Per host, the rates of the interfaces whose newest point is
 * the host's newest (Telegraf stamps all interfaces of one collection alike) are summed, unless the
 * schema names one interface. Only points newer than the look-back window count.
 *
 * <pre>{@code
 * TelegrafMetricsQuery q = new TelegrafMetricsQuery(TelegrafSchema.DEFAULT, Duration.ofMinutes(5));
 * String influxQl = q.text(List.of("node-5", "node-6"));
 * Map<String, HostReading> byHost = q.parse(result);
 * }</pre>
 */
public final class TelegrafMetricsQuery {
  /** Default look-back window: points older than 5 minutes are not read. */
  public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(5);

  /** Name of the time column (epoch milliseconds: requests ask for {@code epoch=ms}). */
  static final String TIME = "time";

  private static final int CPU = 0;
  private static final int MEMORY = 1;
  private static final int NET_IN = 2;
  private static final int NET_OUT = 3;

  private final TelegrafSchema schema;
  private final Duration lookback;

  /**
   * @param schema where the metrics live
   * @param lookback how far back to look for the newest points, at least one second
   */
  public TelegrafMetricsQuery(TelegrafSchema schema, Duration lookback) {
    this.schema = checkNotNull(schema, "schema");
    checkArgument(
        lookback != null && lookback.toSeconds() >= 1,
        "lookback must be at least 1 s but was %s",
        lookback);
    this.lookback = lookback;
  }

  /** The schema read. */
  public TelegrafSchema schema() {
    return schema;
  }

  /** The InfluxQL text for these host tags (non-empty; each becomes an escaped string literal). */
  public String text(Collection<String> hosts) {
    return String.join("; ", statements(hosts));
  }

  /** The four statements of {@link #text}, one string each (CPU, memory, net in, net out). */
  public List<String> statements(Collection<String> hosts) {
    checkArgument(!hosts.isEmpty(), "at least one host is needed");
    String host = identifier(schema.hostTag());
    StringBuilder hostFilter = new StringBuilder("(");
    for (String h : hosts) {
      if (hostFilter.length() > 1) {
        hostFilter.append(" OR ");
      }
      hostFilter.append(tagEquals(schema.hostTag(), h));
    }
    hostFilter.append(')');
    String window = "time > now() - " + lookback.toSeconds() + 's';
    String where = " WHERE " + window + " AND " + hostFilter;

    String cpu =
        "SELECT "
            + identifier(schema.cpuIdleField())
            + " FROM "
            + identifier(schema.cpuMeasurement())
            + where
            + " AND "
            + tagEquals(schema.cpuTag(), schema.cpuTotalValue())
            + " GROUP BY "
            + host
            + " ORDER BY time DESC LIMIT 1";
    String memory =
        "SELECT "
            + identifier(schema.memoryUsedPercentField())
            + " FROM "
            + identifier(schema.memoryMeasurement())
            + where
            + " GROUP BY "
            + host
            + " ORDER BY time DESC LIMIT 1";
    String iface = identifier(schema.networkInterfaceTag());
    String netWhere =
        where
            + schema
                .networkInterface()
                .map(i -> " AND " + tagEquals(schema.networkInterfaceTag(), i))
                .orElse("");
    String netTail = " GROUP BY " + host + ", " + iface + " ORDER BY time DESC LIMIT 2";
    String netIn =
        "SELECT "
            + identifier(schema.networkReceivedField())
            + " FROM "
            + identifier(schema.networkMeasurement())
            + netWhere
            + netTail;
    String netOut =
        "SELECT "
            + identifier(schema.networkSentField())
            + " FROM "
            + identifier(schema.networkMeasurement())
            + netWhere
            + netTail;
    return List.of(cpu, memory, netIn, netOut);
  }

  /**
   * Turns the answer to {@link #text} into one reading per host that had any data.
   *
   * @param result the answer, read with {@link #VALUES} as value extractor
   * @throws IllegalArgumentException if the answer does not have the expected shape
   */
  public Map<String, HostReading> parse(InfluxQLQueryResult result) {
    checkArgument(result != null, "no InfluxQL result (empty or unreadable answer)");
    Map<String, Reading[]> byHost = new HashMap<>();
    Map<String, long[]> newestNet = new HashMap<>(); // host -> newest in, out time
    for (InfluxQLQueryResult.Result r : result.getResults()) {
      int statement = r.getIndex();
      checkArgument(
          statement >= CPU && statement <= NET_OUT,
          "unexpected statement index %s in the InfluxQL answer",
          statement);
      for (InfluxQLQueryResult.Series s : r.getSeries()) {
        String host = s.getTags() == null ? null : s.getTags().get(schema.hostTag());
        if (host == null || s.getValues().isEmpty()) {
          continue;
        }
        Reading[] slot = byHost.computeIfAbsent(host, h -> new Reading[4]);
        List<InfluxQLQueryResult.Series.Record> rows = s.getValues();
        switch (statement) {
          case CPU -> slot[CPU] = percentReading(rows.get(0), true);
          case MEMORY -> slot[MEMORY] = percentReading(rows.get(0), false);
          default -> {
            Reading rate = rate(rows);
            if (rate == null) {
              continue;
            }
            long[] newest = newestNet.computeIfAbsent(host, h -> new long[] {-1, -1});
            int k = statement - NET_IN;
            Reading sum = slot[statement];
            if (rate.timeMillis() > newest[k]) {
              newest[k] = rate.timeMillis();
              slot[statement] = rate; // a newer collection: older interfaces no longer count
            } else if (rate.timeMillis() == newest[k]) {
              slot[statement] = new Reading(sum.value() + rate.value(), rate.timeMillis());
            }
          }
        }
      }
    }
    Map<String, HostReading> out = new HashMap<>();
    byHost.forEach(
        (h, s) -> {
          if (s[CPU] != null || s[MEMORY] != null || s[NET_IN] != null || s[NET_OUT] != null) {
            out.put(h, new HostReading(h, s[CPU], s[MEMORY], s[NET_IN], s[NET_OUT]));
          }
        });
    return out;
  }

  /**
   * Extracts values: epoch-millisecond longs in the time column (anything else there is a broken
   * answer), doubles elsewhere. A value that is not a number (a field stored as a string) is kept
   * as its text, so that it costs only its own signal: {@link #parse} turns it into a NaN reading,
   * which the metrics source's validation rejects and counts, instead of failing the whole refresh.
   */
  public static final InfluxQLQueryResult.Series.ValueExtractor VALUES =
      (column, raw, resultIndex, seriesName) -> {
        if (raw == null || raw.isEmpty()) {
          return null;
        }
        if (TIME.equals(column)) {
          try {
            return Long.parseLong(raw);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "InfluxDB returned a non-number time in series " + seriesName + ": " + raw, e);
          }
        }
        try {
          return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
          return raw;
        }
      };

  private static Reading percentReading(InfluxQLQueryResult.Series.Record row, boolean idle) {
    long time = time(row);
    double percent = number(row.getValues()[1]);
    double busy = idle ? 100.0 - percent : percent;
    return new Reading(Math.min(1.0, Math.max(0.0, busy / 100.0)), time);
  }

  private static Reading rate(List<InfluxQLQueryResult.Series.Record> rows) {
    if (rows.size() < 2) {
      return null;
    }
    long t1 = time(rows.get(0));
    long t0 = time(rows.get(1));
    double v1 = number(rows.get(0).getValues()[1]);
    double v0 = number(rows.get(1).getValues()[1]);
    if (t1 <= t0 || v1 < v0) {
      return null;
    }
    return new Reading((v1 - v0) * 1000.0 / (t1 - t0), t1);
  }

  private static long time(InfluxQLQueryResult.Series.Record row) {
    Object t = row.getValueByKey(TIME);
    checkArgument(t instanceof Long, "InfluxQL row without an epoch-millisecond time: %s", t);
    return (Long) t;
  }

  /** The value as a double; NaN for anything else (validated, counted and dropped downstream). */
  private static double number(Object o) {
    return o instanceof Double d ? d : Double.NaN;
  }

  @Override
  public String toString() {
    return "TelegrafMetricsQuery{" + schema + ", lookback=" + lookback + '}';
  }
}
