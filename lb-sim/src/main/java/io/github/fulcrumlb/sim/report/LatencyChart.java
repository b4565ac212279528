package io.github.fulcrumlb.sim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a PNG chart of a {@link ScenarioReport}: latency by percentile for every row, the
 * percentile axis in "nines" (1 = p90, 2 = p99, 3 = p99.9) so that tails are visible, latency on a
 * log scale, the clairvoyant row drawn dashed in black. Rendered headless (no display needed).
 *
 * <pre>{@code
 * LatencyChart.write(report, Path.of("heterogeneous.png"));
 * }</pre>
 */
public final class LatencyChart {
  private static final double[] PERCENTILES = {
    10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97, 98, 99, 99.5, 99.7, 99.8, 99.9, 99.95, 99.97, 99.99
  };

  private LatencyChart() {}

  /** Renders the chart to {@code file} as PNG, 1000 x 600 pixels. */
  @SuppressWarnings("ReferenceEquality") // the clairvoyant row is that very object
  public static void write(ScenarioReport report, Path file) throws IOException {
    Map<String, Histogram> series = new LinkedHashMap<>();
    String bound = null;
    for (RunResult r : report.allRows()) {
      String name = r.strategy();
      while (series.containsKey(name)) {
        name = name + "'";
      }
      series.put(name, r.histogram());
      if (r == report.clairvoyant()) {
        bound = name;
      }
    }
    write(
        "Latency by percentile: "
            + report.scenario().name()
            + " (seed "
            + report.scenario().seed()
            + ")",
        series,
        bound,
        file);
  }

  /**
   * Renders latency-by-percentile curves of any named histograms (nanoseconds), e.g. the demo's
   * strategies on a real UDP workload, to {@code file} as PNG, 1000 x 600 pixels. Empty or {@code
   * null} histograms are left out.
   *
   * <pre>{@code
   * LatencyChart.write("UDP demo", Map.of("rl", rlHistogram, "p2c", p2cHistogram), null, png);
   * }</pre>
   *
   * @param title the chart's title
   * @param series one curve per entry, in the map's order
   * @param bound the name of a reference curve drawn dashed in black (e.g. the clairvoyant), or
   *     {@code null}
   * @param file where the PNG goes
   */
  public static void write(String title, Map<String, Histogram> series, String bound, Path file)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChart(1000, 600);
    chart.setTitle(title);
    chart.setXAxisTitle("percentile (nines: 1 = p90, 2 = p99, 3 = p99.9)");
    chart.setYAxisTitle("latency, ms (log scale)");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(4.0);
    chart.setCustomXAxisTickLabelsFormatter(LatencyChart::percentileLabel);
    for (Map.Entry<String, Histogram> e : series.entrySet()) {
      Histogram h = e.getValue();
      if (h == null || h.getTotalCount() == 0) {
        continue;
      }
      double[] x = new double[PERCENTILES.length];
      double[] y = new double[PERCENTILES.length];
      for (int i = 0; i < PERCENTILES.length; i++) {
        x[i] = -Math.log10(1 - PERCENTILES[i] / 100);
        y[i] = Math.max(1e-3, h.getValueAtPercentile(PERCENTILES[i]) / 1e6);
      }
      XYSeries curve = chart.addSeries(e.getKey(), x, y);
      curve.setMarker(SeriesMarkers.CIRCLE);
      if (e.getKey().equals(bound)) {
        curve.setLineColor(Color.BLACK);
        curve.setMarkerColor(Color.BLACK);
        curve.setLineStyle(
            new BasicStroke(
                2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
      }
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Labels whole nines only (p0, p90, p99, p99.9, p99.99); other ticks stay blank. */
  private static String percentileLabel(double nines) {
    long whole = Math.round(nines);
    if (Math.abs(nines - whole) > 1e-6 || whole < 0) {
      return "";
    }
    if (whole <= 1) {
      return whole == 0 ? "p0" : "p90";
    }
    return "p99" + (whole > 2 ? "." + "9".repeat((int) whole - 2) : "");
  }
}
