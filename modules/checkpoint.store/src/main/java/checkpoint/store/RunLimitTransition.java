package checkpoint.store;

import java.util.Optional;
import lsf.env.JobEnvironment;
import lsf.env.config.SiteConfig;

/**
 * What the TERMINATE action decides at the run limit and what the state becomes with it, computed
 * from the state read under the state file's lock: "checkpoint started" when a checkpoint is
 * requested, "failed" when the running checkpoint timed out, unchanged otherwise. Pure; the
 * action carries the decision out after the lock is released.
 */
public final class RunLimitTransition {
    private RunLimitTransition() {}

    /**
     * The decision {@link RestartPolicy#onTerminate} takes for {@code before}, and the state to write.
     *
     * @param runStart when the job's run started (epoch seconds), for a state created now
     */
    public static StateFile.Change<Decision> of(
            Optional<CheckpointState> before,
            JobEnvironment env,
            SiteConfig config,
            long now,
            long jobId,
            long runStart) {
        return of(before, env, config, now, jobId, runStart, Optional.empty());
    }

    /**
     * As {@link #of(Optional, JobEnvironment, SiteConfig, long, long, long)}, where {@code blocker} says why
     * the job cannot be checkpointed: a job that would have been is killed, and its state says why.
     */
    public static StateFile.Change<Decision> of(
            Optional<CheckpointState> before,
            JobEnvironment env,
            SiteConfig config,
            long now,
            long jobId,
            long runStart,
            Optional<String> blocker) {
        Decision d = RestartPolicy.onTerminate(
                before.map(StateSnapshot::of).orElseGet(StateSnapshot::none), env, config, now, blocker);
        Optional<CheckpointState> next = switch (d.action()) {
            case KILL_TIMED_OUT ->
                before.filter(st -> st.checkpointRunningFor(jobId))
                        .map(st -> st.checkpointFailed(now, "checkpoint timed out: " + d.reason()));
            case REQUEST_CHECKPOINT ->
                Optional.of(before.orElseGet(() -> CheckpointState.initial(jobId, runStart))
                        .checkpointStarted(jobId, runStart, now));
            case KILL_NORMALLY ->
                d.reason().startsWith(RestartPolicy.NOT_CHECKPOINTABLE)
                        ? Optional.of(before.orElseGet(() -> CheckpointState.initial(jobId, runStart))
                                .notCheckpointable(jobId, runStart, now, d.reason()))
                        : before;
            default -> before;
        };
        return new StateFile.Change<>(next, d);
    }
}
