package checkpoint.store;

import lsf.env.JobEnvironment;
import lsf.env.WaitStatus;

/**
 * Whether a job's image generations stay once POST_EXEC has decided what follows its run: they go
 * when the job's chain has ended (it finished, was killed at its limit without a checkpoint, or used
 * its restarts), and stay while something may still restore them: a restart is submitted, the
 * checkpoint is one the user asked for or restarts by hand ({@code brestart}), a restart submission
 * failed (an administrator may repeat it), the state cannot be read, or the site keeps them
 * ({@code KEEP_IMAGES_ON_END=Y}). A job with no state of lsf-criu's (periodic checkpoints only) loses
 * them only when it exited on its own. {@code lsf-criu sweep} removes what stays here once LSF no
 * longer knows the job. Pure.
 *
 * @param delete whether to delete the generations now
 * @param reason why, for the log
 */
public record ImageRetention(boolean delete, String reason) {
    /** The images' fate after POST_EXEC's decision {@code d} on {@code snapshot}. */
    public static ImageRetention after(
            Decision d,
            StateSnapshot snapshot,
            JobEnvironment env,
            OptIn optIn,
            boolean keepOnEnd,
            boolean restartFailed) {
        if (d.action() == Decision.Action.RESTART && !restartFailed) {
            return keep("the chain goes on: the restart restores them");
        }
        if (restartFailed) {
            return keep("the restart could not be submitted: brestart may still use them (lsf-criu sweep removes"
                    + " them once LSF no longer knows the job)");
        }
        if (snapshot.problem().isPresent()) {
            return keep("the state cannot be read: nothing is decided on it");
        }
        if (snapshot.state().isEmpty()) {
            boolean exited = env.jobExitStatus().isPresent()
                    && new WaitStatus(env.jobExitStatus().getAsLong()).signal() == 0;
            if (!exited) {
                return keep("checkpoints LSF took (no run-limit state) of a job that did not exit on its own:"
                        + " brestart may use them");
            }
            return chainEnded(keepOnEnd, "the job exited on its own; its checkpoints were LSF's (periodic or bchkpnt)");
        }
        if (d.action() == Decision.Action.NOTHING) {
            return keep(d.reason());
        }
        CheckpointState st = snapshot.state().get();
        boolean usedUp = optIn.restart()
                && st.overrunRestarts() >= d.settings().restartLimit().value();
        if (st.phase() == CheckpointPhase.SUCCESS && !usedUp) {
            return keep("the job was checkpointed and is restarted by hand (brestart)");
        }
        return chainEnded(keepOnEnd, d.reason());
    }

    private static ImageRetention chainEnded(boolean keepOnEnd, String why) {
        return keepOnEnd
                ? keep("the chain ended (" + why + "), and KEEP_IMAGES_ON_END=Y keeps them")
                : new ImageRetention(true, "the chain ended: " + why);
    }

    private static ImageRetention keep(String why) {
        return new ImageRetention(false, why);
    }
}
