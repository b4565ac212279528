package io.github.fulcrumlb.examples.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one way {@code fulcrum} writes an output file: into a temporary file beside the target, then
 * moved over it in one step, so that a reader never sees half a file and a failure leaves the old
 * file as it was. {@link #checkWritable} lets a command find out before hours of work that the
 * destination is a folder or not writable.
 *
 * <pre>{@code
 * AtomicFile.checkWritable("--out", out);                      // before training
 * Path written = AtomicFile.write("--out", out, ".tmp", tmp -> ModelFile.write(model, tmp));
 * }</pre>
 */
public final class AtomicFile {
  /** Writes the content to the (temporary) file it is given. */
  @FunctionalInterface
  public interface Content {
    /** Writes everything to {@code file}. */
    void writeTo(Path file) throws IOException;
  }

  private AtomicFile() {}

  /**
   * Checks that {@code target} can be written: not a folder, its folder exists (it is created if
   * missing) and a file can be made there.
   *
   * @throws IllegalArgumentException naming the flag, the path and the fix
   */
  public static void checkWritable(String flag, Path target) {
    Path file = target.toAbsolutePath();
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          flag
              + " "
              + target
              + " is a folder: give a file path,"
              + " e.g. "
              + file.resolve("out" + extension(flag)));
    }
    Path folder = file.getParent();
    try {
      Files.createDirectories(folder);
      Path probe = Files.createTempFile(folder, ".fulcrum-probe-", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(
          flag
              + " "
              + target
              + " cannot be written ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "): choose a writable path",
          e);
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new IllegalArgumentException(
          flag
              + " "
              + target
              + " exists and is not writable:"
              + " choose another path or change its permissions");
    }
  }

  /**
   * Writes {@code target} atomically.
   *
   * @param flag the flag that named the file, for errors
   * @param tempSuffix suffix of the temporary file (a writer that appends an extension when it is
   *     missing, as XChart does for {@code .png}, needs it)
   * @return the absolute path written, exactly {@code target}
   * @throws IllegalArgumentException if the destination cannot be written
   * @throws IOException if the content could not be written
   */
  public static Path write(String flag, Path target, String tempSuffix, Content content)
      throws IOException {
    checkWritable(flag, target);
    Path file = target.toAbsolutePath();
    Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", tempSuffix);
    try {
      content.writeTo(temp);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String extension(String flag) {
    return flag.equals("--chart") ? ".png" : ".rlmodel";
  }
}
