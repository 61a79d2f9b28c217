package lsf.env;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The real {@link LsfCommands}: runs LSF's commands from the site's LSF bin directory. */
public final class LsfCommandLine implements LsfCommands {
    private final Path binDir;
    private final Duration timeout;
    private final CommandRunner runner;

    /**
     * @param binDir the directory holding {@code bchkpnt} and {@code brestart}
     * @param timeout bound on every call
     * @param runner how commands are run
     */
    public LsfCommandLine(Path binDir, Duration timeout, CommandRunner runner) {
        this.binDir = binDir;
        this.timeout = timeout;
        this.runner = runner;
    }

    private CommandResult run(String command, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(binDir.resolve(command).toString());
        argv.addAll(List.of(args));
        return runner.run(argv, timeout);
    }

    @Override
    public CommandResult checkpointAndKill(long jobId) {
        return run("bchkpnt", "-k", Long.toString(jobId));
    }

    @Override
    public RestartSubmission restart(Path checkpointParent, long oldJobId) {
        return restart(checkpointParent, oldJobId, Optional.empty());
    }

    @Override
    public RestartSubmission restart(Path checkpointParent, long oldJobId, Optional<String> host) {
        List<String> args = new ArrayList<>();
        host.ifPresent(h -> args.addAll(List.of("-m", h)));
        args.add(checkpointParent.toString());
        args.add(Long.toString(oldJobId));
        CommandResult r = run("brestart", args.toArray(String[]::new));
        return new RestartSubmission(r, r.succeeded() ? LsfOutputs.submittedJobId(r.stdout()) : OptionalLong.empty());
    }

    @Override
    public Optional<java.util.Map<Long, String>> jobStates(List<Long> jobIds) {
        List<String> args = new ArrayList<>(List.of("-a", "-json", "-o", "jobid stat"));
        jobIds.forEach(id -> args.add(Long.toString(id)));
        CommandResult r = run("bjobs", args.toArray(String[]::new));
        java.util.Map<Long, String> states = LsfOutputs.jobStates(r.stdout());
        // bjobs exits non-zero when one of the jobs is not found: the records still say so
        return states.isEmpty() ? Optional.empty() : Optional.of(states);
    }

    /**
     * The LSF bin directory: {@code configured} when set, else {@code LSF_BINDIR} as the site's
     * {@code profile.lsf} sets it (sourced with /bin/sh), else empty.
     */
    public static Optional<Path> binDir(String configured, String profile, CommandRunner runner, Duration timeout) {
        if (!configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        if (profile.isBlank()) {
            return Optional.empty();
        }
        CommandResult r = runner.run(
                List.of("/bin/sh", "-c", ". \"$1\" >/dev/null 2>&1; printf '%s' \"$LSF_BINDIR\"", "sh", profile),
                timeout);
        String dir = r.stdout().strip();
        return r.succeeded() && dir.startsWith("/") ? Optional.of(Path.of(dir)) : Optional.empty();
    }
}
