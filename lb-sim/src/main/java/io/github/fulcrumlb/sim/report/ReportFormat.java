package io.github.fulcrumlb.sim.report;

import java.util.Locale;

/**
 * The text formats a {@link ScenarioReport} renders to: an aligned table for people, CSV for
 * spreadsheets, JSON for programs. Rendering is deterministic: equal reports give equal text.
 *
 * <pre>{@code
 * System.out.print(ReportFormat.parse("table").render(report));
 * }</pre>
 */
public enum ReportFormat {
  /** Aligned columns, one row per strategy and the clairvoyant row, then per-backend figures. */
  TABLE,
  /** One header line and one line per row, per-backend figures as extra columns. */
  CSV,
  /** One object with the scenario and an array of rows. */
  JSON;

  /** The format named {@code name} ({@code table}, {@code csv}, {@code json}; any case). */
  public static ReportFormat parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown format \"" + name + "\"; known formats: table, csv, json", e);
    }
  }

  /** The report as text in this format, ending with a newline. */
  public String render(ScenarioReport report) {
    return switch (this) {
      case TABLE -> TableReport.render(report);
      case CSV -> CsvReport.render(report);
      case JSON -> JsonReport.render(report);
    };
  }
}
