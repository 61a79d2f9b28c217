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
        return new JobLog(
                name(),
                "job " + env.jobId().orElse(0),
                env.checkpointDir(),
                toolkit::config,
                toolkit.children(),
                toolkit.clock(),
                console());
    }

    /** The program's work, after argument parsing problems are translated by {@link #run}. */
    protected abstract ExitCode execute(PrintWriter out, PrintWriter err, String... args);

    @Override
    protected final int status(PrintWriter out, PrintWriter err, String... args) {
        return execute(out, err, args).code();
    }
}
