package io.github.fulcrumlb.sim.scenario;

/**
 * A scenario file is wrong: the message names the file, the line and the field, e.g. {@code
 * my.yaml:12: sizes.shape: must be a number > 1 but was "0.5"}.
 */
public final class ScenarioException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String field;

  /**
   * @param file the file's name or label
   * @param line 1-based line number, or 0 if unknown
   * @param field dotted path of the field, e.g. {@code backends[2].rate}; empty for the whole file
   * @param problem what is wrong
   */
  public ScenarioException(String file, int line, String field, String problem) {
    super(
        file
            + (line > 0 ? ":" + line : "")
            + ": "
            + (field.isEmpty() ? "" : field + ": ")
            + problem);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  /** The file's name or label. */
  public String file() {
    return file;
  }

  /** 1-based line number, or 0 if unknown. */
  public int line() {
    return line;
  }

  /** Dotted path of the offending field. */
  public String field() {
    return field;
  }
}
