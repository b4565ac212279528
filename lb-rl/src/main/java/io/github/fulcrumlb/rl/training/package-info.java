/**
 * Training the {@code rl} strategy's cost model on lb-sim with DJL (PyTorch engine): {@link
 * io.github.fulcrumlb.rl.training.RlTrainer} runs episodes on randomised scenarios ({@link
 * io.github.fulcrumlb.rl.training.DomainRandomizer}) and fits the shared per-backend network to the
 * clairvoyant's private knowledge (imitation with on-policy data collection, DAgger-style), then
 * fine-tunes it on the reward with PPO ({@link io.github.fulcrumlb.rl.training.PolicyGradient} over
 * a stochastic version of the pick, {@link io.github.fulcrumlb.rl.training.BoltzmannPolicy}). Needs
 * lb-sim and DJL on the class path (optional dependencies of lb-rl).
 */
package io.github.fulcrumlb.rl.training;
