package io.github.fulcrumlb.sim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fulcrumlb.sim.oracle.Clairvoyant;
import io.github.fulcrumlb.sim.scenario.Scenario;

/**
 * Renders a {@link ScenarioReport} as one JSON object: {@code {"scenario": {...}, "rows":
 * [{"strategy": ..., "backends": [...]}, ...]}}; the last row is the clairvoyant one ({@code
 * "clairvoyant": true}). Every row run by an oracle rather than a strategy (the clairvoyant, and
 * the size-blind and count-only oracles when asked for) has {@code "oracle": true}. With a report
 * window, each row has a {@code "window"} object: the latency of requests that arrived in it and
 * {@code adaptedAfterSeconds} (null when never settled).
 */
final class JsonReport {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  @SuppressWarnings("ReferenceEquality") // the clairvoyant row is that very object
  static String render(ScenarioReport report) {
    Scenario s = report.scenario();
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode scenario = root.putObject("scenario");
    scenario.put("name", s.name());
    scenario.put("description", s.description());
    scenario.put("seed", s.seed());
    scenario.put("requests", s.requests());
    scenario.put("warmup", s.warmup());
    scenario.put("load", s.load());
    scenario.put("arrivals", s.arrivals().describe());
    scenario.put("sizes", s.sizes().describe());
    scenario.put("balancers", s.balancers().count());
    ArrayNode rows = root.putArray("rows");
    for (RunResult r : report.allRows()) {
      ObjectNode row = rows.addObject();
      row.put("strategy", r.strategy());
      row.put("clairvoyant", r == report.clairvoyant());
      row.put("oracle", r == report.clairvoyant() || Clairvoyant.isWeakerOracle(r.strategy()));
      row.put("requests", r.requests());
      row.put("ok", r.ok());
      row.put("timeouts", r.timeouts());
      row.put("drops", r.drops());
      row.put("failures", r.failures());
      row.put("meanMillis", r.meanMillis());
      row.put("p50Millis", r.p50Millis());
      row.put("p90Millis", r.p90Millis());
      row.put("p99Millis", r.p99Millis());
      row.put("p999Millis", r.p999Millis());
      row.put("maxMillis", r.maxMillis());
      putRatio(row, "meanRatio", report.meanRatio(r));
      putRatio(row, "p99Ratio", report.p99Ratio(r));
      row.put("throughputPerSecond", r.throughputPerSecond());
      row.put("meanInSystem", r.meanInSystem());
      row.put("windowSeconds", r.windowSeconds());
      WindowResult w = r.window();
      if (w != null) {
        ObjectNode wn = row.putObject("window");
        wn.put("fromSeconds", w.fromSeconds());
        wn.put("toSeconds", w.toSeconds());
        wn.put("requests", w.requests());
        wn.put("meanMillis", w.meanMillis());
        wn.put("p50Millis", w.p50Millis());
        wn.put("p99Millis", w.p99Millis());
        wn.put("p999Millis", w.p999Millis());
        putRatio(wn, "p99Ratio", report.windowP99Ratio(r));
        putRatio(wn, "adaptedAfterSeconds", w.adaptedAfterSeconds());
      }
      ArrayNode backends = row.putArray("backends");
      for (BackendResult b : r.backends()) {
        ObjectNode bn = backends.addObject();
        bn.put("id", b.id());
        bn.put("dispatched", b.dispatched());
        bn.put("share", b.share());
        bn.put("utilisation", b.utilisation());
      }
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render the report as JSON", e);
    }
  }

  private static void putRatio(ObjectNode row, String field, double ratio) {
    if (Double.isFinite(ratio)) {
      row.put(field, ratio);
    } else {
      row.putNull(field);
    }
  }
}
