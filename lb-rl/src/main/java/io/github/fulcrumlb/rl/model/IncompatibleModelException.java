package io.github.fulcrumlb.rl.model;

/**
 * The file is an intact model, but not one this build can run: a newer format version, or a feature
 * schema other than {@link io.github.fulcrumlb.rl.features.FeatureSchema#describe()}. Retrain with
 * this build.
 *
 * <pre>{@code
 * catch (IncompatibleModelException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class IncompatibleModelException extends ModelFileException {
  private static final long serialVersionUID = 1L;

  /** An error naming the file, what it holds and what this build expects. */
  public IncompatibleModelException(String message) {
    super(message);
  }
}
