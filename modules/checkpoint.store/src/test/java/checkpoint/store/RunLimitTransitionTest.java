package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.Optional;
import lsf.env.JobEnvironment;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;

/** TERMINATE's decision at the run limit and the state written with it, from the state under the lock. Pure. */
class RunLimitTransitionTest {
    static final long NOW = 1_700_000_000L;
    final JobEnvironment env = JobEnvironment.of(Map.of(
            "LSB_JOBID",
            "42",
            "LSB_CHKPNT_DIR",
            "/chk/42",
            "LSB_SUSP_REASONS",
            "131072",
            "LSB_SUSP_SUBREASONS",
            "1",
            "ENABLE_ORUN_CHKPNT",
            "Y",
            "ENABLE_ORUN_RESTART",
            "Y"));

    StateFile.Change<Decision> at(Optional<CheckpointState> before, long now) {
        return RunLimitTransition.of(before, env, SiteConfig.defaults(), now, 42, NOW - 3600);
    }

    @Test
    void aFirstRunLimitStartsTheCheckpointInANewState() {
        StateFile.Change<Decision> c = at(Optional.empty(), NOW);
        assertEquals(Decision.Action.REQUEST_CHECKPOINT, c.result().action());
        CheckpointState s = c.next().orElseThrow();
        assertEquals(CheckpointPhase.STARTED, s.phase());
        assertEquals(NOW, s.timestamp());
        assertEquals(NOW - 3600, s.run(42).orElseThrow().startTime());
    }

    @Test
    void aCheckpointStillWithinItsTimeoutIsWaitedForAndTheStateKept() {
        Optional<CheckpointState> started = at(Optional.empty(), NOW).next();
        StateFile.Change<Decision> c = at(started, NOW + 30);
        assertEquals(Decision.Action.WAIT_FOR_CHECKPOINT, c.result().action());
        assertSame(started.get(), c.next().get(), "the same object: nothing is written");
    }

    @Test
    void aCheckpointPastItsTimeoutFailsAndTheJobIsKilled() {
        Optional<CheckpointState> started = at(Optional.empty(), NOW).next();
        StateFile.Change<Decision> c = at(started, NOW + 200);
        assertEquals(Decision.Action.KILL_TIMED_OUT, c.result().action());
        assertEquals(CheckpointPhase.FAILED, c.next().orElseThrow().phase());
        assertEquals(
                Optional.of("checkpoint timed out: " + c.result().reason()),
                c.next().get().lastError());
    }
}
