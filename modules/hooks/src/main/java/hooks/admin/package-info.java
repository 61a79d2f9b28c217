/**
 * The {@code lsf-criu} admin command and its subcommands for LSF administrators and users:
 * {@code config}, {@code explain}, {@code status}, {@code simulate}, and the start-up cache's
 * training run.
 */
package hooks.admin;
