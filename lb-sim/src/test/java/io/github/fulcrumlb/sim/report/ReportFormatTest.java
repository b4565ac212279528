package io.github.fulcrumlb.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fulcrumlb.sim.Simulation;
import io.github.fulcrumlb.sim.TestStrategies;
import io.github.fulcrumlb.sim.scenario.Scenario;
import io.github.fulcrumlb.sim.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFormatTest {
  private static ScenarioReport report;

  @BeforeAll
  static void runOnce() {
    Scenario s = ScenarioLoader.bundled("heterogeneous").withRequests(20_000);
    Simulation sim = Simulation.of(s);
    report =
        new ScenarioReport(
            s, List.of(sim.run("test-p2c", TestStrategies.powerOfTwo())), sim.runClairvoyant());
  }

  @Test
  void tableHasAClairvoyantRowAndPerBackendBlocks() {
    String table = ReportFormat.TABLE.render(report);
    assertThat(table).startsWith("Scenario heterogeneous (seed 1): 10 backends");
    assertThat(table).contains("mean/clv").contains("p99.9").contains("\nclairvoyant ");
    assertThat(table).contains("share of requests, % per backend").contains("utilisation, %");
    assertThat(table.lines().filter(l -> l.startsWith("clairvoyant"))).hasSize(3);
    assertThat(table.lines().filter(l -> l.startsWith("test-p2c"))).hasSize(3);
  }

  @Test
  void csvHasOneLinePerRowAndAColumnPerBackendFigure() {
    List<String> lines = ReportFormat.CSV.render(report).lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).split(",")).hasSize(18 + 20).startsWith("scenario", "seed", "strategy");
    assertThat(lines.get(2)).startsWith("heterogeneous,1,clairvoyant,18000,");
  }

  @Test
  void jsonParsesBackWithEveryRow() throws Exception {
    JsonNode root = new ObjectMapper().readTree(ReportFormat.JSON.render(report));
    assertThat(root.path("scenario").path("name").asText()).isEqualTo("heterogeneous");
    assertThat(root.path("rows")).hasSize(2);
    JsonNode last = root.path("rows").get(1);
    assertThat(last.path("clairvoyant").asBoolean()).isTrue();
    assertThat(last.path("oracle").asBoolean()).isTrue();
    assertThat(root.path("rows").get(0).path("oracle").asBoolean()).isFalse();
    assertThat(last.path("meanRatio").asDouble()).isEqualTo(1.0);
    assertThat(last.path("backends")).hasSize(10);
  }

  @Test
  void formatsAreParsedByName() {
    assertThat(ReportFormat.parse("CSV")).isEqualTo(ReportFormat.CSV);
    assertThatThrownBy(() -> ReportFormat.parse("xml")).hasMessageContaining("table, csv, json");
  }

  @Test
  void chartIsWrittenAsPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("chart.png");
    LatencyChart.write(report, png);
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(1000);
    assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("PNG");
  }
}
