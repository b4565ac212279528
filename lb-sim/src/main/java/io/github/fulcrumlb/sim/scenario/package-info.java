/**
 * Scenarios: the immutable description of a simulated cluster and its workload, the YAML file
 * format with errors that name file, line and field, and the bundled suite.
 */
package io.github.fulcrumlb.sim.scenario;
