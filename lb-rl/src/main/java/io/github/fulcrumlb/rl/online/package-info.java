/**
 * Online learning: the {@code rl} strategy keeps adapting its costs to what it observes while it
 * serves. {@link io.github.fulcrumlb.rl.online.OutcomeRecorder} is the data-plane half (atomic sums
 * per backend, fed by the strategy's {@code onOutcome}); {@link
 * io.github.fulcrumlb.rl.online.OnlineLearner} the control-plane half (per-backend corrections of
 * the frozen model's costs, the guard that reverts them); {@link
 * io.github.fulcrumlb.rl.online.OnlineState} the file a restart resumes from; {@link
 * io.github.fulcrumlb.rl.online.OnlineStats} what the learner reports.
 */
package io.github.fulcrumlb.rl.online;
