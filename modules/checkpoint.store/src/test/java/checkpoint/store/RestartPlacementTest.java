package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import lsf.env.JobEnvironment;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;

class RestartPlacementTest {
    static RunRecord checkpointed(long id, String host, long hostLocal) {
        return new RunRecord(
                id,
                1000,
                60,
                Optional.of(host),
                OptionalLong.of(1060),
                Optional.of("checkpointed"),
                Map.of("image_bytes", 5L, RestartPlacement.HOST_LOCAL_FILES, hostLocal));
    }

    static CheckpointState chain(RunRecord... runs) {
        return new CheckpointState(
                CheckpointState.CURRENT_VERSION,
                102,
                101,
                1100,
                CheckpointPhase.NONE,
                1,
                false,
                List.of(runs),
                Optional.empty());
    }

    @Test
    void aRestartAsksForTheCheckpointingHostOnlyWhenItsRestoreNeedsIt() {
        assertEquals(Optional.empty(), RestartPlacement.host(chain(checkpointed(101, "node7", 0)), false));
        assertEquals(Optional.of("node7"), RestartPlacement.host(chain(checkpointed(101, "node7", 2)), false));
        assertEquals(Optional.of("node7"), RestartPlacement.host(chain(checkpointed(101, "node7", 0)), true));
        assertEquals(
                Optional.empty(),
                RestartPlacement.host(chain(checkpointed(101, "-x node7", 3)), true),
                "a host name from the user's state that would be an option is never passed");
    }

    @Test
    void aRefusedRestoreIsResubmittedOnceToTheCheckpointingHost() {
        JobEnvironment env = JobEnvironment.of(Map.of("LSB_JOBID", "102", "LSB_RESTART", "Y"));
        CheckpointState refused = chain(checkpointed(101, "node7", 0)).restoreRefused(102, 1200, "node9", "pid 5 held");
        Decision d = RestartPolicy.afterJob(
                StateSnapshot.of(refused), env, SiteConfig.defaults(), new RestartPolicy.RunFacts(false, false));
        assertEquals(Decision.Action.RETRY_ON_CHECKPOINTING_HOST, d.action(), d.reason());
        assertEquals(
                "restore refused on node9: pid 5 held; resubmitted once to its checkpointing host node7", d.reason());
        CheckpointState again = refused.runEnded(
                        102, 1200, 1201, refused.lastError().get(), Optional.of("node9"))
                .restartResubmitted(103, 1202)
                .restoreRefused(103, 1203, "node7", "pid 5 held");
        assertEquals(1, again.overrunRestarts(), "the resubmission is no new restart");
        Decision last = RestartPolicy.afterJob(
                StateSnapshot.of(again),
                JobEnvironment.of(Map.of("LSB_JOBID", "103", "LSB_RESTART", "Y")),
                SiteConfig.defaults(),
                new RestartPolicy.RunFacts(false, false));
        assertEquals(Decision.Action.SUMMARISE, last.action());
        assertEquals(
                "restore refused on node7: pid 5 held; it had been resubmitted once to its checkpointing host: the chain"
                        + " ends",
                last.reason());
    }
}
