/** The clairvoyant oracle: the bound every strategy is read against. */
package io.github.fulcrumlb.sim.oracle;
