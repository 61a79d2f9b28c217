package hooks;

import java.io.PrintWriter;

/** {@code lsf-criu-post-exec}: the queue's {@code POST_EXEC}, run after every job. */
public final class PostExec extends Program {
    public PostExec() {
        super("lsf-criu-post-exec");
    }

    public static void main(String[] args) {
        exit(new PostExec(), args);
    }

    @Override
    protected String usage() {
        return "usage: lsf-criu-post-exec\n"
                + "The queue's POST_EXEC: resubmits a checkpointed job with brestart, or writes its summary.";
    }

    @Override
    protected ExitCode execute(PrintWriter out, PrintWriter err, String... args) {
        NoArguments.check(args);
        return unavailable(err, "POST_EXEC");
    }
}
