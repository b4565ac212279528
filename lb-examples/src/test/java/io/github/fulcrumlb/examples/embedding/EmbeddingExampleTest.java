package io.github.fulcrumlb.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {
  private static final Path SOURCE =
      Path.of("src/main/java/io/github/fulcrumlb/examples/embedding/EmbeddingExample.java");
  private static final Path README = Path.of("../README.md");

  @Test
  void exampleRunsAndKeepsTrafficOffTheHotBackend() throws Exception {
    Map<String, Integer> served = EmbeddingExample.run();

    assertThat(served.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1_000);
    assertThat(served.getOrDefault("node-5", 0))
        .as("the hot backend serves less than either cool one: %s", served)
        .isLessThan(served.get("node-6"))
        .isLessThan(served.get("node-7"));
  }

  @Test
  void readmeShowsTheExampleWordForWord() throws IOException {
    List<String> code = between(SOURCE, "// README:start", "// README:end");
    List<String> readme =
        between(README, "<!-- embedding-example:start -->", "<!-- embedding-example:end -->");

    assertThat(code).isNotEmpty();
    assertThat(readme)
        .as("README.md's embedding example, inside its ```java fence")
        .containsSequence(code);
  }

  /** The lines strictly between two marker lines, with common indentation removed. */
  private static List<String> between(Path file, String start, String end) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int from = indexOf(lines, start, file);
    int to = indexOf(lines, end, file);
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

  private static int indexOf(List<String> lines, String marker, Path file) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError(file + " has no line " + marker);
  }
}
