package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import lsf.env.JobEnvironment;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;

/** POST_EXEC's decision with what it found out about the run beyond the state. */
class AfterJobFactsTest {
    static final SiteConfig CONFIG = SiteConfig.defaults();

    /** Job 42 checkpointed at its run limit and restarted as 43, which LSF is now running (or tried to). */
    static StateSnapshot restartedAs43() {
        return StateSnapshot.of(CheckpointState.initial(42, 1000)
                .runStarted(42, 1000)
                .checkpointStarted(42, 1000, 1100)
                .checkpointSucceeded(1105, Map.of(), true)
                .restartSubmitted(43, 1110));
    }

    @Test
    void anInstanceThatNeverRanItsRestoreEndsNothing() {
        JobEnvironment env =
                JobEnvironment.of(Map.of("LSB_JOBID", "43", "LSB_RESTART", "Y", "ENABLE_ORUN_RESTART", "Y"));
        Decision d = RestartPolicy.afterJob(restartedAs43(), env, CONFIG, new RestartPolicy.RunFacts(false, false));
        assertEquals(Decision.Action.NOTHING, d.action(), d.reason());
        assertTrue(d.reason().contains("never ran its restore"), d.reason());
        Decision ran = RestartPolicy.afterJob(restartedAs43(), env, CONFIG, new RestartPolicy.RunFacts(true, false));
        assertEquals(Decision.Action.SUMMARISE, ran.action(), ran.reason());
    }

    @Test
    void aJobThatWasNotRestartedIsNeverHeldBack() {
        JobEnvironment env = JobEnvironment.of(Map.of("LSB_JOBID", "43", "ENABLE_ORUN_RESTART", "Y"));
        Decision d = RestartPolicy.afterJob(restartedAs43(), env, CONFIG, new RestartPolicy.RunFacts(false, false));
        assertEquals(Decision.Action.SUMMARISE, d.action(), d.reason());
    }

    @Test
    void aRunKilledByARequestedCheckpointIsSummarisedAsSuch() {
        JobEnvironment env = JobEnvironment.of(Map.of("LSB_JOBID", "43", "LSB_RESTART", "Y", "LSB_JOBEXIT_STAT", "9"));
        Decision d = RestartPolicy.afterJob(restartedAs43(), env, CONFIG, new RestartPolicy.RunFacts(true, true));
        assertEquals(Decision.Action.SUMMARISE, d.action());
        assertTrue(d.reason().startsWith("checkpointed on request (bchkpnt -k) and killed"), d.reason());
    }
}
