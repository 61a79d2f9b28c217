package hooks;

import java.io.PrintWriter;

/** {@code lsf-criu-terminate}: the queue's {@code JOB_CONTROLS = TERMINATE[...]} action. */
public final class TerminateAction extends Program {
    public TerminateAction() {
        super("lsf-criu-terminate");
    }

    public static void main(String[] args) {
        exit(new TerminateAction(), args);
    }

    @Override
    protected String usage() {
        return "usage: lsf-criu-terminate\n"
                + "The queue's TERMINATE job-control action: checkpoints an overrunning, opted-in job,"
                + " kills every other job the way LSF does.";
    }

    @Override
    protected ExitCode execute(PrintWriter out, PrintWriter err, String... args) {
        NoArguments.check(args);
        return unavailable(err, "the TERMINATE action");
    }
}
