/**
 * The learned cost model and its file format: {@link io.github.fulcrumlb.rl.model.CostModel} (a
 * small multilayer perceptron over normalised features, run in plain Java), {@link
 * io.github.fulcrumlb.rl.model.ModelMetadata}, and {@link io.github.fulcrumlb.rl.model.ModelFile}
 * (versioned text with a checksum; errors say whether a file is corrupt or incompatible).
 */
package io.github.fulcrumlb.rl.model;
