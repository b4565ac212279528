package io.github.fulcrumlb.influx.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.influx.InfluxCredentials;
import io.github.fulcrumlb.influx.testing.InfluxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfluxEmbeddingExampleTest {
  @RegisterExtension static final InfluxServer influx = new InfluxServer();

  private static final Path SOURCE =
      Path.of("src/test/java/io/github/fulcrumlb/influx/example/InfluxEmbeddingExample.java");
  private static final Path README = Path.of("../README.md");

  @Test
  void runsAgainstARealServerAndItsDecisionsLand() throws Exception {
    influx.query("CREATE DATABASE telegraf");
    List<Backend> backends =
        List.of(Backend.of("node-5", "10.0.0.5", 9000), Backend.of("node-6", "10.0.0.6", 9000));
    Map<String, Integer> served =
        InfluxEmbeddingExample.run(influx.url(), InfluxCredentials.none(), backends, 200);
    assertThat(served.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
    assertThat(
            influx.query(
                "SELECT count(completed) FROM telegraf.autogen.fulcrum_backend "
                    + "WHERE balancer = 'api' GROUP BY backend"))
        .contains("\"backend\":\"node-5\"")
        .contains("\"backend\":\"node-6\"");
  }

  @Test
  void readmeShowsTheExampleWordForWord() throws Exception {
    List<String> code = between(SOURCE, "// README:start", "// README:end");
    List<String> readme =
        between(README, "<!-- influx-example:start -->", "<!-- influx-example:end -->");
    assertThat(readme)
        .as("README.md's InfluxDB example, inside its ```java fence")
        .containsExactlyElementsOf(wrapInFence(dedent(code)));
  }

  private static List<String> between(Path file, String start, String end) throws Exception {
    List<String> lines = Files.readAllLines(file);
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(start)) {
        from = i + 1;
      } else if (lines.get(i).trim().equals(end)) {
        to = i;
      }
    }
    assertThat(from).as(start + " in " + file).isPositive();
    assertThat(to).as(end + " in " + file).isGreaterThan(from);
    return lines.subList(from, to);
  }

  private static List<String> dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent));
    }
    return out;
  }

  private static List<String> wrapInFence(List<String> code) {
    List<String> out = new ArrayList<>();
    out.add("```java");
    out.addAll(code);
    out.add("```");
    return out;
  }
}
