package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which job a checkpoint in progress belongs to, through the phases a run goes through. */
class CheckpointStateTest {
    @Test
    void aCheckpointRunsOnlyForTheJobThatStartedItUntilItEnds() {
        CheckpointState initial = CheckpointState.initial(5, 100);
        assertFalse(initial.checkpointRunningFor(5), "no checkpoint started yet");
        CheckpointState started = initial.checkpointStarted(5, 100, 200);
        assertTrue(started.checkpointRunningFor(5));
        assertFalse(started.checkpointRunningFor(6), "another job's checkpoint");
        assertFalse(started.checkpointFailed(210, "criu failed").checkpointRunningFor(5));
        assertFalse(started.checkpointSucceeded(210, Map.of(), true).checkpointRunningFor(5));
    }
}
