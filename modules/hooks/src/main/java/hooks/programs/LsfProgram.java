package hooks.programs;

import hooks.cli.ExitCode;
import hooks.cli.Program;
import java.io.PrintWriter;

/** One of the four programs LSF runs: its work ends in one of the {@link ExitCode}s LSF sees. */
public abstract class LsfProgram extends Program {
    protected LsfProgram(String name) {
        super(name);
    }

    /** The job's log for this program, in the job's checkpoint directory, timed by the toolkit's clock. */
    protected JobLog jobLog(lsf.env.JobEnvironment env, hooks.system.Toolkit toolkit) {
        return jobLog(env, toolkit, env.checkpointDir());
    }

    /** As {@link #jobLog(lsf.env.JobEnvironment, hooks.system.Toolkit)}, in {@code dir} (empty: the fallback only). */
    protected JobLog jobLog(
            lsf.env.JobEnvironment env, hooks.system.Toolkit toolkit, java.util.Optional<java.nio.file.Path> dir) {
        JobLog log = new JobLog(
                        name(),
                        "job " + env.jobId().orElse(0),
                        dir,
                        toolkit::config,
                        toolkit.children(),
                        toolkit.clock(),
                        console())
                .listen(new MetricsRecorder(toolkit))
                .listen(new Notifier(toolkit, env, dir));
        opened.add(log);
        return log;
    }

    private final java.util.List<JobLog> opened = new java.util.ArrayList<>();

    /**
     * Refuses to act in the job's checkpoint directory when it is a link, another user's than this
     * process's, or writable by others: the one line goes to stderr and to this host's log fallback
     * (nothing is written into the directory). Empty when the job has none, or it may act there.
     */
    protected java.util.Optional<ExitCode> refuseForeignCheckpointDir(
            lsf.env.JobEnvironment env, hooks.system.Toolkit toolkit, PrintWriter err) {
        if (env.checkpointDir().isEmpty()) {
            return java.util.Optional.empty();
        }
        java.util.Optional<String> why = criu.invoke.files.UserFiles.ownedDirectoryRefusal(
                env.checkpointDir().get(), toolkit.proc().uid());
        if (why.isEmpty()) {
            return java.util.Optional.empty();
        }
        String line = name() + " job " + env.jobId().orElse(0) + ": refusing to act in the checkpoint directory: "
                + why.get();
        err.println(line);
        JobLog.Fallback.configured(toolkit::config, toolkit.children()).write(line);
        return java.util.Optional.of(ExitCode.BAD_INPUT);
    }

    /** The program's work, after argument parsing problems are translated by {@link #run}. */
    protected abstract ExitCode execute(PrintWriter out, PrintWriter err, String... args);

    @Override
    protected final int status(PrintWriter out, PrintWriter err, String... args) {
        try {
            return execute(out, err, args).code();
        } finally {
            // the job's fate is settled by now: a notification never delays a kill
            opened.forEach(JobLog::finish);
            opened.clear();
        }
    }
}
