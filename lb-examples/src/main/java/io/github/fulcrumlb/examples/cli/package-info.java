/**
 * The {@code fulcrum} command line.
 *
 * <p>{@link io.github.fulcrumlb.examples.cli.FulcrumCli} is the top-level command and the jar's
 * main class. Each subcommand is a class of its own in this package, annotated with picocli's
 * {@code @Command} and listed in {@code FulcrumCli}'s {@code subcommands}. A subcommand writes to
 * {@code spec.commandLine().getOut()} / {@code getErr()} (never {@code System.out}) so that tests
 * can capture its output, and returns an exit code: 0 on success, 1 when the work failed. Usage
 * errors (exit code 2) are picocli's. An {@link IllegalArgumentException} or {@link
 * IllegalStateException} thrown by a subcommand is reported as a one-line message with exit code 1.
 */
package io.github.fulcrumlb.examples.cli;
