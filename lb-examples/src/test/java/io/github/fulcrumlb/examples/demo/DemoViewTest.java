package io.github.fulcrumlb.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.rl.online.OnlineStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoViewTest {
  private static DemoFrame frame(double elapsed) {
    return frame(elapsed, "");
  }

  private static DemoFrame frame(double elapsed, String learner) {
    return new DemoFrame(
        "rl",
        "learned",
        learner,
        elapsed,
        30,
        1000,
        998,
        "in memory, every 2.0 s",
        List.of(
            new DemoFrame.Row(
                "backend-0", "1x200us", 0.6, 0.7, 0.125, 480, 1, 0.31, 1.2, 0.4, true),
            new DemoFrame.Row(
                "backend-1",
                "2x400us",
                0.4,
                0.3,
                Double.NaN,
                320,
                0,
                0.52,
                2.5,
                Double.NaN,
                false)));
  }

  @Test
  void rendersOneLinePerBackendWithShareLatencyAndCpu() {
    List<String> lines = DemoView.render(frame(12.5));

    assertThat(lines.get(0)).contains("rl", "12.5 / 30 s", "sent 1000", "replies 998", "[learned]");
    assertThat(lines).hasSize(5);
    assertThat(lines.get(2)).contains("share", "before", "after");
    assertThat(lines.get(3))
        .contains(
            "backend-0",
            "1x200us",
            "60.0%",
            "70.0%",
            "12.5%",
            "480",
            "0.31",
            "1.20",
            "40%",
            "noisy neighbour");
    assertThat(lines.get(4))
        .contains("backend-1", "40.0%", "30.0%", "0.52", "2.50", " - ")
        .doesNotContain("neighbour");
  }

  @Test
  void ansiViewRedrawsInPlaceAndPlainViewAppends() {
    StringWriter ansi = new StringWriter();
    DemoView live = new DemoView(new PrintWriter(ansi), true);
    live.show(frame(1));
    live.show(frame(2));
    assertThat(ansi.toString()).contains("\u001b[5A").contains("\u001b[K");

    StringWriter plain = new StringWriter();
    DemoView log = new DemoView(new PrintWriter(plain), false);
    log.show(frame(1));
    log.show(frame(2));
    assertThat(plain.toString()).doesNotContain("\u001b").contains("1.0 / 30 s", "2.0 / 30 s");
  }

  @Test
  void anOnlineLearnersSummaryGetsALineUnderTheHeaderAndRedrawsWithTheFrame() {
    String summary =
        new OnlineStats(OnlineStats.State.LEARNING, 42, 1, 2, 1.6, -1.25, 0.05, 12, 0.01, "", "")
            .summary();
    List<String> lines = DemoView.render(frame(3, summary));
    assertThat(lines).hasSize(6);
    assertThat(lines.get(1))
        .isEqualTo("learner: " + summary)
        .contains("42 steps", "reward -1.250 ms (trend +0.050)", "1 revert");
    assertThat(DemoView.render(frame(3))).noneMatch(l -> l.startsWith("learner:"));

    StringWriter ansi = new StringWriter();
    DemoView live = new DemoView(new PrintWriter(ansi), true);
    live.show(frame(1, summary));
    live.show(frame(2, summary));
    assertThat(ansi.toString()).as("six lines redrawn in place").contains("\u001b[6A");
  }
}
