package checkpoint.store;

import lsf.env.JobEnvironment;
import lsf.env.UserKnobs;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * Whether a job is checkpointed at its run limit and restarted from that checkpoint: what its owner
 * set ({@code ENABLE_ORUN_CHKPNT}, {@code ENABLE_ORUN_RESTART}: {@code Y} opts in, {@code N} out) and,
 * where the owner set nothing (or nothing readable), its queue's default: a job in one of the site's
 * {@code DEFAULT_OPT_IN_QUEUES} is checkpointed and restarted. Pure.
 *
 * @param checkpoint the job is checkpointed at its run limit
 * @param restart a checkpointed job (at its run limit, or by LSF) is restarted from its checkpoint
 * @param why for the log: where {@code checkpoint} came from, or why the job is not checkpointed
 */
public record OptIn(boolean checkpoint, boolean restart, String why) {
    /** The reason a job that set nothing, outside the default queues, is not checkpointed (the fast path's too). */
    public static final String NOT_OPTED_IN = "job did not opt in (ENABLE_ORUN_CHKPNT is not Y)";

    /** The reason a job that opted out is not checkpointed (the fast path's too). */
    public static final String OPTED_OUT = "job opted out (ENABLE_ORUN_CHKPNT is N)";

    /** The opt-in in force for {@code env} under {@code config}. */
    public static OptIn of(JobEnvironment env, SiteConfig config) {
        UserKnobs k = env.knobs();
        boolean byQueue = env.queue()
                .map(q -> config.names(ConfigKey.DEFAULT_OPT_IN_QUEUES).contains(q))
                .orElse(false);
        boolean restart = k.restartOnOverrun() || (byQueue && !k.restartOptOut());
        if (k.checkpointOnOverrun()) {
            return new OptIn(true, restart, "the job opted in (ENABLE_ORUN_CHKPNT=Y)");
        }
        if (k.checkpointOptOut()) {
            return new OptIn(false, restart, OPTED_OUT);
        }
        if (byQueue) {
            return new OptIn(
                    true,
                    restart,
                    "queue " + env.queue().get() + " checkpoints its jobs by default (DEFAULT_OPT_IN_QUEUES)"
                            + (restart ? "" : "; the job opted out of restarts (ENABLE_ORUN_RESTART is N)"));
        }
        return new OptIn(false, restart, NOT_OPTED_IN);
    }
}
