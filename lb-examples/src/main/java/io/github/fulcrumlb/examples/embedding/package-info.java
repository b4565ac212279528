/** How a service embeds Fulcrum: the README's example, runnable and kept true by a test. */
package io.github.fulcrumlb.examples.embedding;
