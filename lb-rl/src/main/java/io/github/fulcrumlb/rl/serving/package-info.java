/**
 * The {@code rl} strategy: {@link io.github.fulcrumlb.rl.serving.RlStrategy} runs the learned cost
 * model in the control plane and picks on fresh in-flight counts in the data plane; {@link
 * io.github.fulcrumlb.rl.serving.RlStats} shows whether it runs on the model or on its fallback,
 * and why.
 */
package io.github.fulcrumlb.rl.serving;
