package hooks.admin;

import hooks.cli.ExitCode;
import java.io.PrintWriter;

/** One subcommand of {@code lsf-criu}. */
public interface Subcommand {
    /** The word that selects it, e.g. {@code status}. */
    String name();

    /** Its lines for {@code lsf-criu --help}: synopsis, then what it does. */
    String help();

    /**
     * Runs it with the arguments after its name; returns the process exit status (an
     * {@link ExitCode}'s, or the one the subcommand documents).
     */
    int run(PrintWriter out, PrintWriter err, String... args);
}
