package hooks.cli;

import java.io.PrintWriter;
import joptsimple.OptionException;
import lsf.env.config.ConfigException;

/**
 * What every lsf-criu executable shares: a name, a body that returns an {@link ExitCode}, and
 * one translation of failures into a one-line message and a fixed exit code.
 */
public abstract class Program {
    private final String name;
    private ConsoleLog console = ConsoleLog.TINYLOG;

    protected Program(String name) {
        this.name = name;
    }

    /**
     * Where this program's log lines go besides the job's log: tinylog, unless {@link #exit} found
     * that this process's console log is discarded (LSF runs its programs with stdio on /dev/null).
     */
    protected final ConsoleLog console() {
        return console;
    }

    /** The program's name as installed in the image's {@code bin/}. */
    public final String name() {
        return name;
    }

    /** The usage text {@code --help} prints: first line {@code usage: ...}. */
    protected abstract String usage();

    /**
     * The program's work and its exit status, by value, after argument parsing problems are
     * translated by {@link #run}: an {@link ExitCode}'s, or a status the program documents (the
     * simulated job's for {@code lsf-criu simulate}, the verdict for {@code lsf-criu doctor}).
     */
    protected abstract int status(PrintWriter out, PrintWriter err, String... args);

    /**
     * Runs the program in-process and returns its exit status. Never throws: bad arguments,
     * configuration and internal errors become one line on {@code err} and their exit code.
     */
    public final int run(PrintWriter out, PrintWriter err, String... args) {
        try {
            if (asksForUsage(args)) {
                out.println(usage());
                return ExitCode.OK.code();
            }
            if (asksForVersion(args)) {
                out.println(Version.line(name));
                return ExitCode.OK.code();
            }
            return status(out, err, args);
        } catch (UsageException | OptionException e) {
            err.println(name + ": " + e.getMessage() + " (see " + name + " --help)");
            return ExitCode.USAGE.code();
        } catch (ConfigException e) {
            err.println(name + ": configuration error: " + e.getMessage());
            console.error("{}: configuration error: {}", name, e.getMessage());
            return ExitCode.CONFIG.code();
        } catch (RuntimeException e) {
            err.println(name + ": internal error: " + e);
            console.error(e, "{}: internal error", name);
            return ExitCode.INTERNAL.code();
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static boolean asksForUsage(String... args) {
        return args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
    }

    private static boolean asksForVersion(String... args) {
        return args.length == 1 && args[0].equals("--version");
    }

    /**
     * Whether every real run of the program logs, so that tinylog is worth starting at once on a
     * thread of its own (the four programs LSF runs); a program that seldom logs starts it lazily.
     */
    protected boolean logsEveryRun() {
        return true;
    }

    /** What each {@code main} does: run with the process's streams and exit with the code. */
    protected static void exit(Program program, String... args) {
        program.console = ConsoleLog.forThisProcess();
        if (program.console == ConsoleLog.TINYLOG
                && program.logsEveryRun()
                && !asksForUsage(args)
                && !asksForVersion(args)) {
            startLogging();
        }
        int code = program.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }

    /**
     * Starts tinylog on a daemon thread of its own. Its start-up (service look-ups in the image,
     * reading its configuration, building the writer) takes about 20 ms; started here it overlaps
     * with the program's own start instead of delaying the first log line. It touches no class of
     * lsf-criu, and a program that logs before it is done simply waits for it.
     */
    private static void startLogging() {
        Thread start = new Thread(org.tinylog.Logger::isTraceEnabled, "lsf-criu logging start-up");
        start.setDaemon(true);
        start.start();
    }
}
