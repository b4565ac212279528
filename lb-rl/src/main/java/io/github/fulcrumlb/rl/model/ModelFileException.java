package io.github.fulcrumlb.rl.model;

import java.io.IOException;

/**
 * A model file could not be used. The subclasses say why: {@link CorruptModelException} (damaged,
 * truncated or not a model file at all) or {@link IncompatibleModelException} (a valid file for
 * another format version or feature schema).
 *
 * <pre>{@code
 * try {
 *   CostModel model = ModelFile.read(path);
 * } catch (IncompatibleModelException e) {
 *   // retrain with this build: ./fulcrum train ...
 * } catch (ModelFileException e) {
 *   // corrupt or unreadable
 * }
 * }</pre>
 */
public class ModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An error with a message naming the file and the problem. */
  public ModelFileException(String message) {
    super(message);
  }

  /** An error with a cause. */
  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
