package io.github.fulcrumlb.sim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
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
    10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97, 98, 99, 99.5, 99.7, 99.8, 99.9, 99.95, 99.97,
    99.99
  };

  private LatencyChart() {}

  /** Renders the chart to {@code file} as PNG, 1000 x 600 pixels. */
  public static void write(ScenarioReport report, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChart(1000, 600);
    chart.setTitle("Latency by percentile: " + report.scenario().name() + " (seed "
        + report.scenario().seed() + ")");
    chart.setXAxisTitle("percentile (nines: 1 = p90, 2 = p99, 3 = p99.9)");
    chart.setYAxisTitle("latency, ms (log scale)");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(4.0);
    chart.setCustomXAxisTickLabelsFormatter(LatencyChart::percentileLabel);
    for (RunResult r : report.allRows()) {
      Histogram h = r.histogram();
      if (h == null || h.getTotalCount() == 0) {
        continue;
      }
      double[] x = new double[PERCENTILES.length];
      double[] y = new double[PERCENTILES.length];
      for (int i = 0; i < PERCENTILES.length; i++) {
        x[i] = -Math.log10(1 - PERCENTILES[i] / 100);
        y[i] = Math.max(1e-3, h.getValueAtPercentile(PERCENTILES[i]) / 1e6);
      }
      String name = r.strategy();
      while (chart.getSeriesMap().containsKey(name)) {
        name = name + "'";
      }
      XYSeries series = chart.addSeries(name, x, y);
      series.setMarker(SeriesMarkers.CIRCLE);
      if (r == report.clairvoyant()) {
        series.setLineColor(Color.BLACK);
        series.setMarkerColor(Color.BLACK);
        series.setLineStyle(
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {6f, 4f}, 0f));
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
