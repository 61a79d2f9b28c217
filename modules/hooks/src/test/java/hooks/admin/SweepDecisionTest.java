package hooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.image.CheckpointRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lsf.env.LsfOutputs;
import org.junit.jupiter.api.Test;

/** Which directories sweep removes: only a chain LSF no longer knows, left alone long enough, old enough. */
class SweepDecisionTest {
    static final long DAY = 86_400_000L;
    static final long NOW = 100 * DAY;

    static CheckpointRoot.JobDirectory dir(long bytes, long changedAgo, long imageAgo) {
        return new CheckpointRoot.JobDirectory(Path.of("/chk/101"), 1000, bytes, 1, NOW - imageAgo, NOW - changedAgo);
    }

    @Test
    void onlyAnEndedChainLeftAloneAndOldEnoughIsRemoved() {
        Map<Long, String> states = Map.of(101L, "EXIT", 102L, "PEND", 103L, LsfOutputs.NOT_FOUND);
        assertTrue(SweepDecision.of(dir(10, DAY, DAY), List.of(101L), states, NOW, 0, 15)
                .remove());
        assertTrue(SweepDecision.of(dir(10, DAY, DAY), List.of(101L, 103L), states, NOW, 0, 15)
                .remove());
        assertFalse(
                SweepDecision.of(dir(10, DAY, DAY), List.of(101L, 102L), states, NOW, 0, 15)
                        .remove(),
                "restart pending");
        assertFalse(
                SweepDecision.of(dir(10, DAY, DAY), List.of(104L), states, NOW, 0, 15)
                        .remove(),
                "LSF said nothing");
        assertFalse(
                SweepDecision.of(dir(10, 60_000, DAY), List.of(101L), states, NOW, 0, 15)
                        .remove(),
                "changed a minute ago");
        assertFalse(
                SweepDecision.of(dir(10, DAY, DAY), List.of(101L), states, NOW, 2, 15)
                        .remove(),
                "under two days old");
        assertFalse(
                SweepDecision.of(dir(0, DAY, DAY), List.of(101L), states, NOW, 0, 15)
                        .remove(),
                "no images");
        assertFalse(
                SweepDecision.of(dir(10, DAY, DAY), List.of(), states, NOW, 0, 15)
                        .remove(),
                "no job id");
    }

    @Test
    void bjobsJsonGivesEachJobsStateAndNotFoundOnes() {
        String json = "{\"COMMAND\":\"bjobs\",\"JOBS\":3,\"RECORDS\":[{\"JOBID\":\"101\",\"STAT\":\"RUN\"},"
                + "{\"JOBID\":\"102\",\"ERROR\":\"Job <102> is not found\"},{\"JOBID\":\"103\",\"STAT\":\"DONE\"}]}";
        assertEquals(Map.of(101L, "RUN", 102L, LsfOutputs.NOT_FOUND, 103L, "DONE"), LsfOutputs.jobStates(json));
        assertEquals(Map.of(), LsfOutputs.jobStates("bjobs: LSF is down. Please wait ..."));
    }
}
