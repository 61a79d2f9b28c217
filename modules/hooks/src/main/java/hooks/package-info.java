/**
 * The programs of the runtime image. Each has a {@code main} that only calls
 * {@code run(out, err, args)}, which returns an {@link hooks.ExitCode}, so every program is
 * testable in-process.
 */
package hooks;
