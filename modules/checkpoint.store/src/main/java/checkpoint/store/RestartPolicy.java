package checkpoint.store;

import checkpoint.store.Decision.Action;
import java.util.Optional;
import lsf.env.JobEnvironment;
import lsf.env.config.SiteConfig;

/**
 * The restart and timeout policy, as pure functions of (state, job environment, site
 * configuration, now). Keeps the semantics of the tool lsf-criu replaces: the restart limit counts
 * restarts (default 2, i.e. 3 runs); a checkpoint may take {@code ORUN_TIMEOUT_SECONDS} (default
 * 180) before the job is killed; job arrays, interactive jobs, multi-host jobs, jobs not opted in
 * and kills that are not for the run limit are killed normally.
 */
public final class RestartPolicy {
    /** How far the clock may step back before a running checkpoint's age is called unknowable. */
    static final long CLOCK_SLACK_SECONDS = 5;

    private RestartPolicy() {}

    /** How the reason of a run-limit kill of a job that cannot be checkpointed begins. */
    public static final String NOT_CHECKPOINTABLE = "the job cannot be checkpointed: ";
    /** How a decision that a job used its restarts begins. */
    public static final String RESTART_LIMIT_REACHED = "restart limit reached";

    /** The TERMINATE action's decision. */
    public static Decision onTerminate(StateSnapshot snapshot, JobEnvironment env, SiteConfig config, long now) {
        return onTerminate(snapshot, env, config, now, Optional.empty());
    }

    /**
     * The TERMINATE action's decision, where {@code blocker} is why the job's processes, as they are
     * now, cannot be checkpointed: a job that would be checkpointed is then killed at its run limit as
     * LSF kills it, at once, without a checkpoint.
     */
    public static Decision onTerminate(
            StateSnapshot snapshot, JobEnvironment env, SiteConfig config, long now, Optional<String> blocker) {
        EffectiveSettings s = EffectiveSettings.resolve(env, config);
        OptIn optIn = OptIn.of(env, config);
        Optional<String> refusal = refusal(snapshot, env, optIn);
        if (refusal.isPresent()) {
            return new Decision(Action.KILL_NORMALLY, refusal.get(), s);
        }
        long jobId = env.jobId().getAsLong();
        Optional<CheckpointState> state = snapshot.state().filter(st -> st.belongsTo(jobId));
        if (state.isPresent()) {
            CheckpointState st = state.get();
            switch (st.phase()) {
                case STARTED: {
                    long age = now - st.timestamp();
                    if (age < -CLOCK_SLACK_SECONDS) {
                        return new Decision(
                                Action.KILL_TIMED_OUT,
                                "the clock stepped back " + (-age)
                                        + " s since the checkpoint started: its age is unknown",
                                s);
                    }
                    if (age >= s.timeoutSeconds().value()) {
                        return new Decision(
                                Action.KILL_TIMED_OUT,
                                "checkpoint started " + age + " s ago, timeout "
                                        + s.timeoutSeconds().value() + " s",
                                s);
                    }
                    return new Decision(
                            Action.WAIT_FOR_CHECKPOINT,
                            "checkpoint in progress for " + Math.max(0, age) + " s of "
                                    + s.timeoutSeconds().value() + " s",
                            s);
                }
                case SUCCESS:
                    return new Decision(Action.KILL_NORMALLY, "checkpoint already complete: killing what is left", s);
                case FAILED:
                    return new Decision(
                            Action.KILL_NORMALLY,
                            "checkpoint failed: " + st.lastError().orElse("(no detail)"),
                            s);
                default:
                    break;
            }
        }
        int restarts = snapshot.state().map(CheckpointState::overrunRestarts).orElse(0);
        if (optIn.restart() && restarts >= s.restartLimit().value()) {
            return new Decision(
                    Action.KILL_NORMALLY,
                    RESTART_LIMIT_REACHED + " (" + restarts + " of "
                            + s.restartLimit().value() + " restarts used)",
                    s);
        }
        if (blocker.isPresent()) {
            return new Decision(Action.KILL_NORMALLY, NOT_CHECKPOINTABLE + blocker.get(), s);
        }
        return new Decision(
                Action.REQUEST_CHECKPOINT,
                "run limit reached, checkpoint requested (restarts used " + restarts + " of "
                        + s.restartLimit().value() + ")",
                s);
    }

    /** Why a TERMINATE call must not checkpoint, or empty when it may. */
    private static Optional<String> refusal(StateSnapshot snapshot, JobEnvironment env, OptIn optIn) {
        if (snapshot.problem().isPresent()) {
            return Optional.of("state file unusable: " + snapshot.problem().get());
        }
        if (!env.isRunLimitKill()) {
            return Optional.of("not a run-limit kill (LSB_SUSP_REASONS=" + env.suspReasons() + ", LSB_SUSP_SUBREASONS="
                    + env.suspSubreasons() + ")");
        }
        if (!optIn.checkpoint()) {
            return Optional.of(optIn.why());
        }
        if (env.isArrayElement()) {
            return Optional.of("job array element (LSB_JOBINDEX=" + env.jobIndex() + ")");
        }
        if (env.isInteractive()) {
            return Optional.of("interactive job");
        }
        if (env.spansSeveralHosts()) {
            return Optional.of("job spans several hosts " + env.hosts() + ": CRIU checkpoints one host only");
        }
        if (env.checkpointDir().isEmpty()) {
            return Optional.of("no checkpoint directory (job submitted without bsub -k)");
        }
        if (env.jobId().isEmpty()) {
            return Optional.of("no usable LSB_JOBID" + (env.errors().isEmpty() ? "" : ": " + env.errors()));
        }
        return Optional.empty();
    }

    /** POST_EXEC's decision after the job (one run) ended. */
    /**
     * As {@link #afterJob(StateSnapshot, JobEnvironment, SiteConfig)}, knowing whether this instance's
     * restart command ran: an instance that {@code brestart} submitted but LSF never started (its
     * POST_EXEC runs all the same, once per attempt) ends nothing, so the chain and its history wait for
     * LSF's next attempt.
     */
    public static Decision afterJob(StateSnapshot snapshot, JobEnvironment env, SiteConfig config, boolean restoreRan) {
        return afterJob(snapshot, env, config, new RunFacts(restoreRan, false));
    }

    /**
     * What POST_EXEC found out about the run that ended, beyond the state.
     *
     * @param restoreRan this instance's restart command ran (always true for an instance that was not restarted)
     * @param checkpointedOnRequest a checkpoint LSF asked for on its own ({@code bchkpnt -k}, not the run limit)
     *     completed during this run, and the run was killed after it
     */
    public record RunFacts(boolean restoreRan, boolean checkpointedOnRequest) {}

    /** As {@link #afterJob(StateSnapshot, JobEnvironment, SiteConfig)}, with what POST_EXEC found out about the run. */
    public static Decision afterJob(StateSnapshot snapshot, JobEnvironment env, SiteConfig config, RunFacts facts) {
        boolean restoreRan = facts.restoreRan();
        boolean waitingInstance = env.isRestart()
                && !restoreRan
                && snapshot.problem().isEmpty()
                && env.jobId().isPresent()
                && snapshot.state()
                        .map(st -> st.jobId() == env.jobId().getAsLong() && st.phase() == CheckpointPhase.NONE)
                        .orElse(false);
        if (waitingInstance) {
            Optional<Decision> refused = afterRefusedRestore(snapshot.state().get(), env, config);
            if (refused.isPresent()) {
                return refused.get();
            }
            return new Decision(
                    Action.NOTHING,
                    "the restarted instance never ran its restore (LSF could not start it):"
                            + " the restart chain and its history wait for LSF's next attempt",
                    EffectiveSettings.resolve(env, config));
        }
        Decision d = afterJob(snapshot, env, config);
        if (facts.checkpointedOnRequest()
                && d.action() == Action.SUMMARISE
                && snapshot.state()
                        .map(st -> st.phase() == CheckpointPhase.NONE)
                        .orElse(false)) {
            return new Decision(
                    Action.SUMMARISE,
                    "checkpointed on request (bchkpnt -k) and killed, not at the run limit:"
                            + " restart it with brestart",
                    d.settings());
        }
        return d;
    }

    /**
     * The decision for an instance whose restore erestart refused (its state says so): resubmitted once to
     * the host that took the checkpoint; refused again (the previous instance was refused too), or with no
     * host to ask for, the chain ends.
     */
    private static Optional<Decision> afterRefusedRestore(CheckpointState st, JobEnvironment env, SiteConfig config) {
        Optional<String> error = st.lastError().filter(e -> e.startsWith(CheckpointState.RESTORE_REFUSED));
        if (error.isEmpty()) {
            return Optional.empty();
        }
        EffectiveSettings s = EffectiveSettings.resolve(env, config);
        boolean refusedBefore = st.runs().stream()
                .filter(r -> r.jobId() != st.jobId())
                .reduce((a, b) -> b)
                .flatMap(RunRecord::outcome)
                .map(o -> o.startsWith(CheckpointState.RESTORE_REFUSED))
                .orElse(false);
        Optional<String> host = RestartPlacement.checkpointingHost(st);
        if (refusedBefore || host.isEmpty()) {
            return Optional.of(new Decision(
                    Action.SUMMARISE,
                    error.get()
                            + (refusedBefore
                                    ? "; it had been resubmitted once to its checkpointing host: the chain ends"
                                    : "; the checkpointing host is not known: the chain ends"),
                    s));
        }
        return Optional.of(new Decision(
                Action.RETRY_ON_CHECKPOINTING_HOST,
                error.get() + "; resubmitted once to its checkpointing host " + host.get(),
                s));
    }

    public static Decision afterJob(StateSnapshot snapshot, JobEnvironment env, SiteConfig config) {
        EffectiveSettings s = EffectiveSettings.resolve(env, config);
        if (snapshot.problem().isPresent()) {
            return new Decision(
                    Action.SUMMARISE,
                    "state file unusable, no restart: " + snapshot.problem().get(),
                    s);
        }
        if (snapshot.state().isEmpty()) {
            return new Decision(Action.NOTHING, "no checkpoint state: not a job lsf-criu looked after", s);
        }
        CheckpointState st = snapshot.state().get();
        if (env.jobId().isEmpty() || !st.belongsTo(env.jobId().getAsLong())) {
            return new Decision(Action.NOTHING, "state belongs to job " + st.jobId() + ", not to this one", s);
        }
        if (st.phase() == CheckpointPhase.NONE
                && st.lastError().filter(e -> e.startsWith(NOT_CHECKPOINTABLE)).isPresent()) {
            return new Decision(
                    Action.SUMMARISE,
                    "killed at its run limit without a checkpoint: "
                            + st.lastError().get().substring(NOT_CHECKPOINTABLE.length()),
                    s);
        }
        if (st.phase() == CheckpointPhase.FAILED
                && st.lastError()
                        .filter(e -> e.startsWith(CheckpointState.ENDED_DURING_CHECKPOINT))
                        .isPresent()) {
            return new Decision(
                    Action.SUMMARISE,
                    "the job ended on its own during its run-limit checkpoint, with its own exit status: "
                            + st.lastError().get().substring(CheckpointState.ENDED_DURING_CHECKPOINT.length()),
                    s);
        }
        if (st.phase() != CheckpointPhase.SUCCESS) {
            return new Decision(
                    Action.SUMMARISE,
                    st.phase() == CheckpointPhase.FAILED
                            ? "the job ended after a failed checkpoint: "
                                    + st.lastError().orElse("(no detail)")
                            : "the job finished: its last run ended without a checkpoint",
                    s);
        }
        if (!OptIn.of(env, config).restart() || !st.shouldRestart()) {
            return new Decision(
                    Action.SUMMARISE,
                    "checkpointed; automatic restart not requested"
                            + " (ENABLE_ORUN_RESTART is not Y): restart it with brestart",
                    s);
        }
        if (st.overrunRestarts() >= s.restartLimit().value()) {
            return new Decision(
                    Action.SUMMARISE,
                    RESTART_LIMIT_REACHED + " (" + st.overrunRestarts() + " of "
                            + s.restartLimit().value() + ")",
                    s);
        }
        return new Decision(
                Action.RESTART,
                "checkpointed; restart " + (st.overrunRestarts() + 1) + " of "
                        + s.restartLimit().value(),
                s);
    }
}
