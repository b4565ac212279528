package io.github.fulcrumlb.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The project version for {@code fulcrum --version}, read from {@code version.properties} next to
 * this class, which Maven fills in at build time.
 */
public final class FulcrumVersion implements IVersionProvider {

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String projectVersion() {
    Properties p = new Properties();
    try (InputStream in = FulcrumVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "fulcrum " + projectVersion(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
