package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import lsf.env.JobEnvironment;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;

class OptInTest {
    static final SiteConfig QUEUES = SiteConfig.of("test", Map.of("DEFAULT_OPT_IN_QUEUES", "long, week"));

    static OptIn optIn(SiteConfig config, String... kv) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return OptIn.of(JobEnvironment.of(env), config);
    }

    @Test
    void aJobOfADefaultQueueIsCheckpointedAndRestartedUnlessItOptsOut() {
        OptIn byQueue = optIn(QUEUES, "LSB_QUEUE", "week");
        assertTrue(byQueue.checkpoint() && byQueue.restart(), byQueue.why());
        assertEquals(
                OptIn.OPTED_OUT,
                optIn(QUEUES, "LSB_QUEUE", "long", "ENABLE_ORUN_CHKPNT", "no").why());
        assertFalse(
                optIn(QUEUES, "LSB_QUEUE", "long", "ENABLE_ORUN_CHKPNT", "N").checkpoint());
        OptIn noRestart = optIn(QUEUES, "LSB_QUEUE", "long", "ENABLE_ORUN_RESTART", "N");
        assertTrue(noRestart.checkpoint() && !noRestart.restart(), noRestart.why());
        OptIn typo = optIn(QUEUES, "LSB_QUEUE", "long", "ENABLE_ORUN_CHKPNT", "maybe");
        assertTrue(typo.checkpoint(), "a malformed knob counts as unset: the queue's default applies");
    }

    @Test
    void outsideTheDefaultQueuesOnlyYOptsIn() {
        assertEquals(OptIn.NOT_OPTED_IN, optIn(QUEUES, "LSB_QUEUE", "short").why());
        assertEquals(OptIn.NOT_OPTED_IN, optIn(QUEUES).why(), "no LSB_QUEUE");
        assertEquals(
                OptIn.NOT_OPTED_IN,
                optIn(SiteConfig.defaults(), "LSB_QUEUE", "long").why());
        OptIn y = optIn(SiteConfig.defaults(), "ENABLE_ORUN_CHKPNT", "Y");
        assertTrue(y.checkpoint() && !y.restart(), "Y alone keeps the old meaning: no automatic restart");
        assertTrue(optIn(QUEUES, "LSB_QUEUE", "long", "ENABLE_ORUN_CHKPNT", "Y").restart(), "the queue restarts");
    }

    @Test
    void aJobThatCannotBeCheckpointedIsKilledAndItsStateSaysWhy() {
        JobEnvironment env = JobEnvironment.of(Map.of(
                "LSB_QUEUE", "long",
                "LSB_JOBID", "42",
                "LSB_CHKPNT_DIR", "/chk/42",
                "LSB_SUSP_REASONS", "131072",
                "LSB_SUSP_SUBREASONS", "1"));
        StateFile.Change<Decision> c =
                RunLimitTransition.of(Optional.empty(), env, QUEUES, 1000, 42, 900, Optional.of("a GPU is open"));
        assertEquals(Decision.Action.KILL_NORMALLY, c.result().action());
        assertEquals(
                RestartPolicy.NOT_CHECKPOINTABLE + "a GPU is open", c.result().reason());
        CheckpointState st = c.next().orElseThrow();
        assertEquals(CheckpointPhase.NONE, st.phase());
        Decision after = RestartPolicy.afterJob(StateSnapshot.of(st), env, QUEUES);
        assertEquals(Decision.Action.SUMMARISE, after.action());
        assertEquals("killed at its run limit without a checkpoint: a GPU is open", after.reason());
        assertEquals(
                Decision.Action.REQUEST_CHECKPOINT,
                RunLimitTransition.of(Optional.empty(), env, QUEUES, 1000, 42, 900)
                        .result()
                        .action(),
                "without a blocker the same job is checkpointed");
    }
}
