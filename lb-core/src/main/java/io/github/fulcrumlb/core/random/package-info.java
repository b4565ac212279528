/** Reproducible randomness for strategies under test or simulation. */
package io.github.fulcrumlb.core.random;
