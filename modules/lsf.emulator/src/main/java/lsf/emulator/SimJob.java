package lsf.emulator;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** One job id of a simulated chain: its environment, job-file shell and where it stands. */
final class SimJob {
    final long id;
    final Map<String, String> env;
    final Optional<Path> checkpointDir;
    final Optional<Long> restartedFrom;
    final Process shell;
    final long startNanos;
    boolean limitReached;
    long lastActionNanos;
    boolean ended;
    int waitStatus;
    /** When LSF last checkpointed it on its period (or started it). */
    long lastPeriodicNanos;
    /** {@code bmig}: checkpointed with -k, then restarted under the same id on the "next host", no POST_EXEC. */
    boolean migrating;
    /** Its host failed: every process killed, no POST_EXEC, then rerun under the same id. */
    boolean hostFailed;

    SimJob(
            long id,
            Map<String, String> env,
            Optional<Path> checkpointDir,
            Optional<Long> restartedFrom,
            Process shell) {
        this.id = id;
        this.env = Map.copyOf(env);
        this.checkpointDir = checkpointDir;
        this.restartedFrom = restartedFrom;
        this.shell = shell;
        this.startNanos = System.nanoTime();
        this.lastPeriodicNanos = startNanos;
    }

    /** The job's process group: the job-file shell leads its own session and group, as under OpenLava. */
    long pgid() {
        return shell.pid();
    }

    long secondsRunning() {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }
}
