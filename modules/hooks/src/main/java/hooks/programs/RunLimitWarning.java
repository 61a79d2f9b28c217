package hooks.programs;

import checkpoint.store.CheckpointPhase;
import checkpoint.store.CheckpointState;
import checkpoint.store.Decision;
import java.util.Optional;
import lsf.env.JobEnvironment;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * How a job that the TERMINATE action does not checkpoint is killed at its run limit: as LSF kills
 * such a job without a TERMINATE action (IBM's {@code bsub -W}, volclava's sbatchd), with a warning
 * signal first ({@code RUNLIMIT_WARNING_SIGNAL}, USR2) and the kill ({@code SIGINT}, {@code
 * SIGTERM}, {@code SIGKILL}) {@code RUNLIMIT_WARNING_DELAY} seconds later if the job still lives.
 * Every other kill (a {@code bkill}, another limit, a job whose checkpoint was tried) is at once.
 * Pure.
 *
 * @param signal the warning signal's name (without SIG), when the job gets one
 * @param delaySeconds from the warning to the kill
 */
record RunLimitWarning(Optional<String> signal, long delaySeconds) {
    static final RunLimitWarning NONE = new RunLimitWarning(Optional.empty(), 0);

    /**
     * The warning a {@code decision} to kill gets: one for a run-limit kill of a job the toolkit does
     * not checkpoint (it did not opt in, may not be checkpointed, used its restarts) and whose run saw
     * no checkpoint tried ({@code state} for this job neither succeeded nor failed), when the site
     * configures one.
     */
    static RunLimitWarning of(
            Decision decision, JobEnvironment env, Optional<CheckpointState> state, SiteConfig config) {
        long jobId = env.jobId().orElse(0);
        boolean tried = state.filter(s -> s.belongsTo(jobId))
                .map(s -> s.phase() == CheckpointPhase.SUCCESS || s.phase() == CheckpointPhase.FAILED)
                .orElse(false);
        String signal = config.text(ConfigKey.RUNLIMIT_WARNING_SIGNAL);
        long delay = config.number(ConfigKey.RUNLIMIT_WARNING_DELAY);
        if (!env.isRunLimitKill()
                || decision.action() != Decision.Action.KILL_NORMALLY
                || tried
                || signal.equals("none")
                || delay == 0) {
            return NONE;
        }
        return new RunLimitWarning(Optional.of(signal), delay);
    }

    boolean warns() {
        return signal.isPresent();
    }
}
