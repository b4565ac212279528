package io.github.fulcrumlb.rl.model;

import java.util.List;

/**
 * What a model file says about how it was made, so that a result can be traced and reproduced.
 *
 * <pre>{@code
 * ModelMetadata meta = new ModelMetadata("2026-11-24T09:30:00Z", 42, 60,
 *     List.of("heterogeneous", "stale-herd"), "0.36.0", "imitation of the clairvoyant's cost",
 *     "./fulcrum train --episodes 60 --seed 42 --out m.rlmodel");
 * }</pre>
 *
 * @param created ISO-8601 instant of training
 * @param seed the training seed
 * @param episodes simulated episodes trained on
 * @param scenarios names of the training scenarios (before randomisation)
 * @param djlVersion the DJL version that trained the weights
 * @param algorithm one line naming the learning algorithm
 * @param command the command line that produced the file, or empty
 */
public record ModelMetadata(
    String created,
    long seed,
    int episodes,
    List<String> scenarios,
    String djlVersion,
    String algorithm,
    String command) {

  /** Copies the list; nulls become empty. */
  public ModelMetadata {
    created = created == null ? "" : created;
    scenarios = List.copyOf(scenarios == null ? List.of() : scenarios);
    djlVersion = djlVersion == null ? "" : djlVersion;
    algorithm = algorithm == null ? "" : algorithm;
    command = command == null ? "" : command;
  }
}
