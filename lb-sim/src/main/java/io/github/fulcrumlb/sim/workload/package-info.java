/**
 * What the clients send: arrival processes (Poisson, bursty, diurnal, flash crowds), request sizes
 * (exponential, Pareto, bimodal, constant) and affinity keys.
 */
package io.github.fulcrumlb.sim.workload;
