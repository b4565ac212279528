package io.github.fulcrumlb.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricsExampleTest {
  private static final Path SOURCE =
      Path.of("src/main/java/io/github/fulcrumlb/examples/embedding/MetricsExample.java");
  private static final Path README = Path.of("../README.md");

  @Test
  void exampleScrapeCountsEveryCallPerBackend() throws Exception {
    String scrape = MetricsExample.run();

    double total = 0;
    Matcher m =
        Pattern.compile(
                "(?m)^fulcrum_lb_request_latency_seconds_count\\{backend=\"(node-[56])\","
                    + "balancer=\"orders\"} (\\d+)")
            .matcher(scrape);
    int series = 0;
    while (m.find()) {
      series++;
      total += Double.parseDouble(m.group(2));
    }
    assertThat(series).isEqualTo(2);
    assertThat(total).isEqualTo(100);
    assertThat(scrape)
        .contains("fulcrum_lb_backends_ready{balancer=\"orders\"} 2.0")
        .contains(
            "fulcrum_lb_requests_total{backend=\"node-5\",balancer=\"orders\",outcome=\"success\"}")
        .contains(
            "fulcrum_lb_request_latency_seconds_bucket{backend=\"node-6\",balancer=\"orders\",le=");
  }

  @Test
  void readmeShowsTheExampleWordForWord() throws IOException {
    List<String> code = between(SOURCE, "// README:start", "// README:end");
    List<String> readme =
        between(README, "<!-- metrics-example:start -->", "<!-- metrics-example:end -->");
    assertThat(code).isNotEmpty();
    assertThat(readme).containsSequence(code);
  }

  private static List<String> between(Path file, String start, String end) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(start)) {
        from = i;
      } else if (lines.get(i).trim().equals(end)) {
        to = i;
      }
    }
    assertThat(from).as("%s has %s", file, start).isNotNegative();
    assertThat(to).as("%s has %s", file, end).isGreaterThan(from);
    List<String> body = lines.subList(from + 1, to);
    int indent =
        body.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return body.stream()
        .map(l -> l.isBlank() ? "" : l.substring(indent))
        .collect(Collectors.toList());
  }
}
