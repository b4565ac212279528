package io.github.fulcrumlb.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class DemoTablesTest {
  private static Histogram latencies() {
    Histogram h = new Histogram(3);
    h.recordValue(1_000_000);
    return h;
  }

  private static DemoResult result(String strategy, double secondsToHalf) {
    return result(strategy, "", secondsToHalf);
  }

  private static DemoResult result(String strategy, String learner, double secondsToHalf) {
    return new DemoResult(
        strategy,
        "",
        learner,
        10,
        1000,
        1000,
        latencies(),
        List.of(
            new DemoResult.Backend(
                "backend-0", "1x200us", 300, 0.3, 0.4, 0.1, 300, latencies(), 0.5),
            new DemoResult.Backend(
                "backend-1", "2x400us", 700, 0.7, 0.6, 0.9, 700, latencies(), 0.4)),
        false,
        0,
        5.0,
        secondsToHalf);
  }

  @Test
  void summaryShowsEachBackendsShareBeforeAndAfterAndHowFastTrafficLeft() {
    String summary = DemoTables.summary(result("rl", 0.75));
    assertThat(summary).containsPattern("(?m)^summary: rl, 10.0 s: sent 1000, replies 1000,");
    assertThat(summary)
        .containsPattern("(?m)^backend-0 .* 40.0% +10.0%$")
        .containsPattern("(?m)^backend-1 .* 60.0% +90.0%$");
    assertThat(summary)
        .contains(
            "neighbour: backend-0 from 5.0 s; its share 40.0% before, 10.0% after;"
                + " under half (20.0%) 0.75 s after it started");
    assertThat(DemoTables.summary(result("p2c", Double.NaN))).contains("never under half (20.0%)");
  }

  @Test
  void compareShowsTheNeighboursShareShiftPerStrategy() {
    String table = DemoTables.compare(List.of(result("rl", 0.75), result("p2c", Double.NaN)));
    assertThat(table)
        .containsPattern("(?m)^rl .* 40%>10% +0.75  30% 70%$")
        .containsPattern("(?m)^p2c .* 40%>10% +never  30% 70%$")
        .contains("nb share: backend-0's share before > after");
  }

  @Test
  void summaryPrintsTheOnlineLearnersLastSummaryUnderTheTotals() {
    String learner = "learning: 12 steps, 1 backend corrected (largest x1.40), reward -0.800 ms";
    String summary = DemoTables.summary(result("rl", learner, 0.75));
    assertThat(summary).containsPattern("(?m)^summary: rl, .*\\R^learner: learning: 12 steps,");
    assertThat(DemoTables.summary(result("p2c", Double.NaN))).doesNotContain("learner:");
  }
}
