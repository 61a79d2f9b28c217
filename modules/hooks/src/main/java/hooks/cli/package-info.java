/**
 * The command-line frame every executable of the image shares: {@link hooks.cli.Program} (a
 * {@code main} that only calls {@code run(out, err, args)}), the one table of exit codes
 * {@link hooks.cli.ExitCode}, usage errors and the small argument parsers.
 */
package hooks.cli;
