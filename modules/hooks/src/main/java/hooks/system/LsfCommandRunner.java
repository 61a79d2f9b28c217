package hooks.system;

import criu.invoke.process.ChildProcess;
import criu.invoke.process.CriuResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lsf.env.CommandResult;
import lsf.env.CommandRunner;

/**
 * How LSF's commands run: through the toolkit's one process runner ({@link ChildProcess}: output
 * drained, the tree killed at the timeout), with this process's environment, which LSF's commands
 * need ({@code LSF_ENVDIR}, {@code LSF_SERVERDIR}).
 */
public final class LsfCommandRunner implements CommandRunner {
    @Override
    public CommandResult run(List<String> command, Duration timeout) {
        CriuResult r = ChildProcess.run(command, System.getenv(), timeout, Optional.empty());
        return new CommandResult(r.command(), r.exitStatus(), r.stdout(), r.stderr(), r.timedOut());
    }
}
