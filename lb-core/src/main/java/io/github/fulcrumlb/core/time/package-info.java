/** Controllable time for tests and simulations. */
package io.github.fulcrumlb.core.time;
