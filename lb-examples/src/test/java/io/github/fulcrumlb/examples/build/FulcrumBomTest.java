package io.github.fulcrumlb.examples.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Keeps fulcrum-bom in step with the build: same version, every library module listed. */
class FulcrumBomTest {
  /** Modules users do not depend on: the BOM itself and the JMH runs. */
  private static final List<String> NOT_LIBRARIES = List.of("fulcrum-bom", "benchmarks");

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void bomHasTheParentsVersionAndPinsEveryLibraryModule() throws Exception {
    Document parent = parse(ROOT.resolve("pom.xml"));
    Document bom = parse(ROOT.resolve("fulcrum-bom/pom.xml"));

    assertThat(childText(bom.getDocumentElement(), "version"))
        .as("fulcrum-bom version")
        .isEqualTo(childText(parent.getDocumentElement(), "version"));

    List<String> libraries = new ArrayList<>();
    NodeList modules = parent.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent().trim();
      if (!NOT_LIBRARIES.contains(module)) {
        libraries.add(module);
      }
    }
    List<String> pinned = new ArrayList<>();
    NodeList deps = bom.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element dep = (Element) deps.item(i);
      assertThat(childText(dep, "version")).isEqualTo("${project.version}");
      pinned.add(childText(dep, "artifactId"));
    }
    assertThat(libraries).isNotEmpty();
    assertThat(pinned).containsExactlyInAnyOrderElementsOf(libraries);
  }

  private static Document parse(Path pom) throws Exception {
    assertThat(pom).exists();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  private static String childText(Element element, String name) {
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    throw new AssertionError("<" + element.getTagName() + "> has no <" + name + ">");
  }
}
