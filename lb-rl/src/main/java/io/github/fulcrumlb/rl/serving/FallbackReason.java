package io.github.fulcrumlb.rl.serving;

import java.util.Objects;

/**
 * Why an {@link RlStrategy} picks as {@code p2c} instead of on its learned costs: a kind to act on
 * and a one-line message to show.
 *
 * <pre>{@code
 * FallbackReason why = rl.stats().fallback();
 * if (why != null && why.kind() == FallbackReason.Kind.MODEL_UNUSABLE) alert(why.message());
 * }</pre>
 *
 * @param kind what went wrong
 * @param message one line for people: names the file, backend or count involved
 */
public record FallbackReason(Kind kind, String message) {

  /** What went wrong. */
  public enum Kind {
    /** No update has run yet. */
    NO_UPDATE_YET,
    /** The strategy was built without a model on purpose (a trainer's data-collection pass). */
    NO_MODEL_GIVEN,
    /** The model file is missing, corrupt or incompatible with this version's features. */
    MODEL_UNUSABLE,
    /** The model's output is not finite for some backend. */
    NON_FINITE_OUTPUT,
    /** The model threw while scoring the backends. */
    MODEL_FAILED
  }

  /** Checks that both are given. */
  public FallbackReason {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return message;
  }
}
