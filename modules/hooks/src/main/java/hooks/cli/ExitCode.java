package hooks.cli;

/**
 * Every exit code of every lsf-criu program, in one place (the README's table follows this).
 * LSF reads only zero versus non-zero: 0 means the checkpoint, restart command or action succeeded.
 * The programs return them by value ({@link Program#status}); {@code lsf-criu simulate} alone exits
 * with another status, the simulated job's own.
 */
public enum ExitCode {
    /** Done: checkpoint complete, restart command written, job handled. */
    OK(0),
    /** The operation failed (checkpoint or restart impossible); details are in the job's log. */
    FAILED(1),
    /** Bad command-line arguments: a one-line message says which. */
    USAGE(2),
    /** The site configuration ({@code conf/lsf-criu.conf}) cannot be used. */
    CONFIG(3),
    /** The job's environment or checkpoint state cannot be used. */
    BAD_INPUT(4),
    /** {@code lsf-criu doctor}: every check ran, some warned (none failed). */
    CHECKS_WARNED(5),
    /** {@code lsf-criu doctor}: a check failed; this host cannot checkpoint as configured. */
    CHECKS_FAILED(6),
    /** An unexpected internal error; the stack trace is in the log. */
    INTERNAL(70);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
