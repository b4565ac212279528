package io.github.fulcrumlb.rl.model;

/**
 * The file is not a readable model: wrong magic line, checksum mismatch, truncation, a number that
 * does not parse, or layer shapes that do not fit together.
 *
 * <pre>{@code
 * catch (CorruptModelException e) { log.warn("re-copy the model file: " + e.getMessage()); }
 * }</pre>
 */
public final class CorruptModelException extends ModelFileException {
  private static final long serialVersionUID = 1L;

  /** An error naming the file and what is damaged. */
  public CorruptModelException(String message) {
    super(message);
  }
}
