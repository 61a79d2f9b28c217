package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import lsf.env.JobEnvironment;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;

/** Which ends of a job delete its images, and which keep them for a restore still to come. */
class ImageRetentionTest {
    static JobEnvironment env(String exitStatus) {
        Map<String, String> e =
                new HashMap<>(Map.of("LSB_JOBID", "42", "ENABLE_ORUN_RESTART", "Y", "ENABLE_ORUN_CHKPNT", "Y"));
        e.put("LSB_JOBEXIT_STAT", exitStatus);
        return JobEnvironment.of(e);
    }

    static ImageRetention after(StateSnapshot s, JobEnvironment env, boolean keep, boolean restartFailed) {
        Decision d = RestartPolicy.afterJob(s, env, SiteConfig.defaults());
        return ImageRetention.after(d, s, env, OptIn.of(env, SiteConfig.defaults()), keep, restartFailed);
    }

    @Test
    void aFinishedChainDeletesUnlessTheSiteKeeps() {
        StateSnapshot finished =
                StateSnapshot.of(CheckpointState.initial(42, 1000).runStarted(42, 1000));
        assertTrue(after(finished, env("1792"), false, false).delete());
        assertFalse(after(finished, env("1792"), true, false).delete());
    }

    @Test
    void aCheckpointStillToBeRestoredIsKept() {
        StateSnapshot checkpointed = StateSnapshot.of(CheckpointState.initial(42, 1000)
                .runStarted(42, 1000)
                .checkpointStarted(42, 1000, 1100)
                .checkpointSucceeded(1105, Map.of(), true));
        ImageRetention restart = after(checkpointed, env("9"), false, false);
        assertFalse(restart.delete(), restart.reason());
        assertFalse(after(checkpointed, env("9"), false, true).delete(), "a failed brestart may be repeated");
        JobEnvironment byHand = JobEnvironment.of(Map.of("LSB_JOBID", "42", "LSB_JOBEXIT_STAT", "9"));
        Decision d = RestartPolicy.afterJob(checkpointed, byHand, SiteConfig.defaults());
        assertFalse(
                ImageRetention.after(d, checkpointed, byHand, OptIn.of(byHand, SiteConfig.defaults()), false, false)
                        .delete(),
                d.reason());
    }

    @Test
    void lsfsOwnCheckpointsGoOnlyWhenTheJobExitedOnItsOwn() {
        assertTrue(after(StateSnapshot.none(), env("0"), false, false).delete());
        assertFalse(after(StateSnapshot.none(), env("9"), false, false).delete(), "bkill: brestart may follow");
        assertFalse(after(StateSnapshot.unusable("bad"), env("0"), false, false).delete());
    }
}
