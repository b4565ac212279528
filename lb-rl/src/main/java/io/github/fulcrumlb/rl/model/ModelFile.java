package io.github.fulcrumlb.rl.model;

import io.github.fulcrumlb.rl.features.FeatureSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads and writes {@link CostModel}s: a small, versioned UTF-8 text file that a person can read
 * and diff, with a CRC-32 of everything above its last line.
 *
 * <pre>
 * fulcrum-rl-model 1
 * created=2026-11-24T09:30:00Z
 * seed=42
 * episodes=60
 * scenarios=heterogeneous,stale-herd
 * djl-version=0.36.0
 * algorithm=...
 * command=./fulcrum train ...
 * schema=v1:cpu,memory,...
 * norm.mean=0.51,0.2,...
 * norm.std=0.3,0.1,...
 * layers=11,32,32,1
 * layer.0.weight=...          (row-major, [out][in])
 * layer.0.bias=...
 * ...
 * crc32=1a2b3c4d
 * </pre>
 *
 * Numbers are written with {@link Double#toString} and read back exactly, so a model scores the
 * same before and after a round trip. A damaged file raises {@link CorruptModelException}; an
 * intact file of another format version or feature schema raises {@link
 * IncompatibleModelException}. Why not DJL's own parameter file: the serving side must not need DJL
 * and PyTorch's native library in the host service, and this format carries the metadata and the
 * schema check with the weights.
 *
 * <pre>{@code
 * ModelFile.write(model, Path.of("my.rlmodel"));
 * CostModel again = ModelFile.read(Path.of("my.rlmodel"));
 * }</pre>
 */
public final class ModelFile {

  /** First line's first word. */
  public static final String MAGIC = "fulcrum-rl-model";

  /** Format version this build writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** Class-path resource of the model shipped with lb-rl. */
  public static final String DEFAULT_MODEL_RESOURCE = "/io/github/fulcrumlb/rl/default.rlmodel";

  private ModelFile() {}

  /** Writes {@code model} to {@code path}, replacing it. */
  public static void write(CostModel model, Path path) throws IOException {
    Files.write(path, toBytes(model));
  }

  /** The file's bytes. */
  public static byte[] toBytes(CostModel model) {
    ModelMetadata m = model.metadata();
    StringBuilder sb = new StringBuilder();
    sb.append(MAGIC).append(' ').append(FORMAT_VERSION).append('\n');
    line(sb, "created", m.created());
    line(sb, "seed", Long.toString(m.seed()));
    line(sb, "episodes", Integer.toString(m.episodes()));
    line(sb, "scenarios", String.join(",", m.scenarios()));
    line(sb, "djl-version", m.djlVersion());
    line(sb, "algorithm", m.algorithm());
    line(sb, "command", m.command());
    line(sb, "schema", FeatureSchema.describe());
    line(sb, "norm.mean", join(model.mean()));
    line(sb, "norm.std", join(model.std()));
    int[] sizes = model.layerSizes();
    StringBuilder layers = new StringBuilder();
    for (int i = 0; i < sizes.length; i++) {
      layers.append(i == 0 ? "" : ",").append(sizes[i]);
    }
    line(sb, "layers", layers.toString());
    double[][][] w = model.weights();
    double[][] b = model.biases();
    for (int l = 0; l < w.length; l++) {
      line(
          sb,
          "layer." + l + ".weight",
          join(Arrays.stream(w[l]).flatMapToDouble(Arrays::stream).toArray()));
      line(sb, "layer." + l + ".bias", join(b[l]));
    }
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    String crc = "crc32=" + crcHex(body, body.length) + "\n";
    byte[] all = Arrays.copyOf(body, body.length + crc.length());
    System.arraycopy(crc.getBytes(StandardCharsets.US_ASCII), 0, all, body.length, crc.length());
    return all;
  }

  /**
   * Reads a model file.
   *
   * @throws NoSuchFileException if there is no such file
   * @throws CorruptModelException if the file is damaged or not a model file
   * @throws IncompatibleModelException if it is intact but of another format version or schema
   */
  public static CostModel read(Path path) throws IOException {
    return parse(Files.readAllBytes(path), path.toString());
  }

  /** Reads the model shipped in lb-rl's resources. */
  public static CostModel readDefault() throws IOException {
    try (InputStream in = ModelFile.class.getResourceAsStream(DEFAULT_MODEL_RESOURCE)) {
      if (in == null) {
        throw new NoSuchFileException("class-path resource " + DEFAULT_MODEL_RESOURCE);
      }
      return parse(in.readAllBytes(), "the bundled model " + DEFAULT_MODEL_RESOURCE);
    }
  }

  /**
   * Parses a model file's bytes.
   *
   * @param source names the file in error messages
   */
  public static CostModel parse(byte[] bytes, String source) throws ModelFileException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.startsWith(MAGIC + " ")) {
      throw new CorruptModelException(
          source
              + " is not a Fulcrum RL model file: it does not start"
              + " with \""
              + MAGIC
              + " <version>\"");
    }
    int end = text.endsWith("\n") ? text.length() - 1 : text.length();
    int lastLine = text.lastIndexOf('\n', end - 1) + 1;
    String crcLine = text.substring(lastLine, end);
    if (!crcLine.startsWith("crc32=")) {
      throw new CorruptModelException(
          source + " is corrupt: truncated (its last line is not the" + " crc32 checksum)");
    }
    int bodyLength = text.substring(0, lastLine).getBytes(StandardCharsets.UTF_8).length;
    String actual = crcHex(bytes, bodyLength);
    if (!crcLine.substring("crc32=".length()).trim().equalsIgnoreCase(actual)) {
      throw new CorruptModelException(
          source
              + " is corrupt: checksum "
              + actual
              + " does not match the recorded "
              + crcLine.substring("crc32=".length()).trim());
    }
    String[] lines = text.substring(0, lastLine).split("\n");
    String versionText = lines[0].substring(MAGIC.length()).trim();
    int version;
    try {
      version = Integer.parseInt(versionText);
    } catch (NumberFormatException e) {
      throw new CorruptModelException(source + " is corrupt: format version " + versionText);
    }
    if (version != FORMAT_VERSION) {
      throw new IncompatibleModelException(
          source
              + " has model format version "
              + version
              + " but this build reads version "
              + FORMAT_VERSION
              + "; retrain it with this build"
              + " (./fulcrum train)");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int eq = lines[i].indexOf('=');
      if (eq <= 0) {
        throw new CorruptModelException(
            source + " is corrupt: line " + (i + 1) + " is not key=value");
      }
      fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
    }
    String schema = require(fields, "schema", source);
    if (!schema.equals(FeatureSchema.describe())) {
      throw new IncompatibleModelException(
          source
              + " was trained on feature schema \""
              + schema
              + "\" but this build computes \""
              + FeatureSchema.describe()
              + "\"; retrain it with this"
              + " build (./fulcrum train)");
    }
    try {
      ModelMetadata meta =
          new ModelMetadata(
              require(fields, "created", source),
              Long.parseLong(require(fields, "seed", source)),
              Integer.parseInt(require(fields, "episodes", source)),
              split(require(fields, "scenarios", source)),
              require(fields, "djl-version", source),
              require(fields, "algorithm", source),
              require(fields, "command", source));
      double[] mean = doubles(require(fields, "norm.mean", source));
      double[] std = doubles(require(fields, "norm.std", source));
      String[] sizeText = require(fields, "layers", source).split(",");
      int[] sizes = new int[sizeText.length];
      for (int i = 0; i < sizes.length; i++) {
        sizes[i] = Integer.parseInt(sizeText[i].trim());
      }
      if (sizes.length < 2 || sizes[0] != FeatureSchema.size()) {
        throw new CorruptModelException(
            source
                + " is corrupt: layers "
                + Arrays.toString(sizes)
                + " do not start with the "
                + FeatureSchema.size()
                + " features");
      }
      double[][][] weights = new double[sizes.length - 1][][];
      double[][] biases = new double[sizes.length - 1][];
      for (int l = 0; l + 1 < sizes.length; l++) {
        double[] flat = doubles(require(fields, "layer." + l + ".weight", source));
        if (flat.length != sizes[l] * sizes[l + 1]) {
          throw new CorruptModelException(
              source
                  + " is corrupt: layer "
                  + l
                  + " has "
                  + flat.length
                  + " weights, expected "
                  + sizes[l] * sizes[l + 1]);
        }
        weights[l] = new double[sizes[l + 1]][];
        for (int o = 0; o < sizes[l + 1]; o++) {
          weights[l][o] = Arrays.copyOfRange(flat, o * sizes[l], (o + 1) * sizes[l]);
        }
        biases[l] = doubles(require(fields, "layer." + l + ".bias", source));
      }
      return new CostModel(meta, mean, std, weights, biases);
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw new CorruptModelException(source + " is corrupt: " + e.getMessage());
    }
  }

  private static String require(Map<String, String> fields, String key, String source)
      throws CorruptModelException {
    String v = fields.get(key);
    if (v == null) {
      throw new CorruptModelException(source + " is corrupt: field \"" + key + "\" is missing");
    }
    return v;
  }

  private static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private static double[] doubles(String text) {
    if (text.isBlank()) {
      return new double[0];
    }
    String[] parts = text.split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(parts[i].trim());
    }
    return out;
  }

  private static String join(double[] values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ",").append(values[i]);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String key, String value) {
    sb.append(key).append('=').append(value.replace('\n', ' ')).append('\n');
  }

  private static String crcHex(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return String.format(Locale.ROOT, "%08x", crc.getValue());
  }
}
