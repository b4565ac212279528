package io.github.fulcrumlb.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.netty.server.UdpBalancer;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The module's public types are exactly those its package documentation lists. */
class PublicSurfaceTest {
  private static final Path SOURCES = Path.of("src/main/java/io/github/fulcrumlb/netty");

  @Test
  void publicTypesOutsideInternalAreExactlyThoseTheDocLists() throws Exception {
    Path classes =
        Path.of(UdpBalancer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> actual = new TreeSet<>();
    try (Stream<Path> files = Files.walk(classes.resolve("io/github/fulcrumlb/netty"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String rel = classes.relativize(f).toString();
        if (!rel.endsWith(".class")
            || rel.endsWith("package-info.class")
            || rel.contains("/internal/")) {
          continue;
        }
        Class<?> c = Class.forName(rel.replace('/', '.').replace(".class", ""));
        if (isVisible(c)) {
          actual.add(c.getSimpleName());
        }
      }
    }
    assertThat(actual).isEqualTo(documentedPublicTypes());
  }

  private static boolean isVisible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The {@code Name} entries (code-formatted names) of the "Public types:" line of the package doc.
   */
  private static Set<String> documentedPublicTypes() throws IOException {
    String doc =
        Files.readString(SOURCES.resolve("package-info.java"))
            .replaceAll("\\s*\\n\\s*\\*\\s*", " ");
    Matcher line = Pattern.compile("Public types: (.*?)\\.\\s").matcher(doc);
    assertThat(line.find()).as("a 'Public types:' line in the package doc").isTrue();
    Set<String> names = new TreeSet<>();
    Matcher name = Pattern.compile("\\{@code (\\w+)}").matcher(line.group(1));
    while (name.find()) {
      names.add(name.group(1));
    }
    return names;
  }
}
