package io.github.fulcrumlb.rl.online;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * What an online learner saves and resumes from: its per-backend corrections (by backend id), its
 * step and revert counts, and the fingerprint of the model they correct. A text file, written
 * atomically (a temporary file beside it, then a rename), ending in a CRC-32 of everything above:
 *
 * <pre>
 * # Fulcrum rl online-learning state
 * format=fulcrum-rl-online-1
 * model=3f2a9c01
 * model-description=CostModel[16, 32, 32, 1] trained 2026-12-04T18:00:00Z seed 42
 * saved=2026-12-04T21:00:00Z
 * steps=1200
 * reverts=0
 * backend.b0=1.609
 * crc32=1a2b3c4d
 * </pre>
 *
 * Backend ids are URL-encoded, so any id survives the round trip.
 *
 * @param modelFingerprint {@code CostModel#fingerprint()} of the model the corrections apply to
 * @param modelDescription the model, for people reading the file
 * @param steps learner steps so far
 * @param reverts guard reverts so far
 * @param residuals the learner's residual log cost per backend id (natural log)
 */
public record OnlineState(
    String modelFingerprint,
    String modelDescription,
    long steps,
    long reverts,
    Map<String, Double> residuals) {

  /** The first line a reader checks: the layout of this file. */
  public static final String FORMAT = "fulcrum-rl-online-1";

  private static final String BACKEND = "backend.";

  /** Copies the map; rejects non-finite residuals. */
  public OnlineState {
    residuals = Map.copyOf(residuals);
    for (Map.Entry<String, Double> e : residuals.entrySet()) {
      if (!Double.isFinite(e.getValue())) {
        throw new IllegalArgumentException(
            "residual of backend " + e.getKey() + " is not finite: " + e.getValue());
      }
    }
  }

  /** Writes this state to {@code file} atomically: a reader sees the old file or the new one. */
  public void write(Path file) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("# Fulcrum rl online-learning state\n");
    b.append("format=").append(FORMAT).append('\n');
    b.append("model=").append(modelFingerprint).append('\n');
    b.append("model-description=").append(modelDescription.replace('\n', ' ')).append('\n');
    b.append("saved=").append(Instant.now()).append('\n');
    b.append("steps=").append(steps).append('\n');
    b.append("reverts=").append(reverts).append('\n');
    residuals.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                b.append(BACKEND)
                    .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(e.getValue())
                    .append('\n'));
    byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
    String crc = "crc32=" + crc(body, body.length) + "\n";
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.write(tmp, body);
      Files.write(
          tmp, crc.getBytes(StandardCharsets.US_ASCII), java.nio.file.StandardOpenOption.APPEND);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a state file.
   *
   * @throws NoSuchFileException if there is none
   * @throws IOException if it cannot be read, or (as {@link IllegalStateFileException}) it is
   *     truncated, corrupt or not a state file
   */
  public static OnlineState read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.endsWith("\n") ? text.length() - 1 : text.length();
    int lastLine = text.lastIndexOf('\n', end - 1) + 1;
    String crcLine = text.substring(lastLine, end);
    if (!crcLine.startsWith("crc32=")) {
      throw new IllegalStateFileException(
          file + " is not a complete online-learning state file: its last line is not crc32=");
    }
    byte[] body = text.substring(0, lastLine).getBytes(StandardCharsets.UTF_8);
    String actual = crc(body, body.length);
    if (!crcLine.substring(6).trim().equalsIgnoreCase(actual)) {
      throw new IllegalStateFileException(
          file + " is corrupt: checksum " + crcLine.substring(6).trim() + ", content " + actual);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, Double> residuals = new LinkedHashMap<>();
    for (String line : text.substring(0, lastLine).split("\n", -1)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalStateFileException(file + ": not a key=value line: " + line);
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1);
      if (key.startsWith(BACKEND)) {
        String id = URLDecoder.decode(key.substring(BACKEND.length()), StandardCharsets.UTF_8);
        try {
          residuals.put(id, Double.parseDouble(value));
        } catch (NumberFormatException e) {
          throw new IllegalStateFileException(
              file + ": backend " + id + ": not a number: " + value);
        }
      } else {
        fields.put(key, value);
      }
    }
    if (!FORMAT.equals(fields.get("format"))) {
      throw new IllegalStateFileException(
          file
              + " is not an online-learning state file of this version (format "
              + fields.get("format")
              + ", expected "
              + FORMAT
              + ")");
    }
    try {
      return new OnlineState(
          require(file, fields, "model"),
          fields.getOrDefault("model-description", ""),
          Long.parseLong(require(file, fields, "steps")),
          Long.parseLong(require(file, fields, "reverts")),
          residuals);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateFileException(file + ": " + e.getMessage());
    }
  }

  private static String require(Path file, Map<String, String> fields, String key)
      throws IllegalStateFileException {
    String v = fields.get(key);
    if (v == null) {
      throw new IllegalStateFileException(file + ": missing " + key + "=");
    }
    return v;
  }

  private static String crc(byte[] bytes, int length) {
    CRC32 c = new CRC32();
    c.update(bytes, 0, length);
    return String.format(Locale.ROOT, "%08x", c.getValue());
  }

  /** A state file that exists but cannot be used: truncated, corrupt, or of another format. */
  public static final class IllegalStateFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file
     */
    public IllegalStateFileException(String message) {
      super(message);
    }
  }
}
