package checkpoint.store;

/**
 * What the policy decided, with the reason a log line and the summary can show, and the
 * settings it decided under.
 */
public record Decision(Action action, String reason, EffectiveSettings settings) {
    /** The possible outcomes. */
    public enum Action {
        /** TERMINATE: kill the job the way LSF does; no checkpoint. */
        KILL_NORMALLY,
        /** TERMINATE: record "checkpoint started" and request {@code bchkpnt -k}. */
        REQUEST_CHECKPOINT,
        /** TERMINATE: a checkpoint is in progress and within its timeout; do not start another. */
        WAIT_FOR_CHECKPOINT,
        /** TERMINATE or watchdog: the checkpoint took longer than its timeout; kill the job. */
        KILL_TIMED_OUT,
        /** POST_EXEC: resubmit the checkpointed job with {@code brestart}. */
        RESTART,
        /**
         * POST_EXEC: the restarted instance's restore was refused on its host; resubmit it once more, to the
         * host that took the checkpoint ({@code brestart -m}), without using a restart.
         */
        RETRY_ON_CHECKPOINTING_HOST,
        /** POST_EXEC: the chain of runs is over; write the summary. */
        SUMMARISE,
        /** POST_EXEC: not a job lsf-criu looks after; do nothing. */
        NOTHING
    }

    /** True when the job must be killed now. */
    public boolean kills() {
        return action == Action.KILL_NORMALLY || action == Action.KILL_TIMED_OUT;
    }
}
