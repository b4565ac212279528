/**
 * The backends as they really are: FIFO queueing servers with parallel slots and heterogeneous
 * rates, noisy neighbours stealing capacity, faults, and the periodic host samples (CPU, memory,
 * network) that reach balancers late and noisy.
 */
package io.github.fulcrumlb.sim.cluster;
