/** The reinforcement-learning strategy: feature extraction, training on the simulator, model files. Arrives with its own issue. */
package io.github.fulcrumlb.rl;
