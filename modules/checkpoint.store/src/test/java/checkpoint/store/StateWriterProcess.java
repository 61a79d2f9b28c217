package checkpoint.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A separate process that writes a job's state, for the crash and concurrency tests.
 * {@code loop <dir>}: moves the state from k to k+1 forever, printing k+1 after each write and
 * {@code ready} after the first.
 * {@code once <dir> <jobId>}: one read-modify-write that adds a run for {@code jobId}.
 */
public final class StateWriterProcess {
    private StateWriterProcess() {}

    /** The k-th state of the loop: deterministic, so a reader can tell exactly which one it sees. */
    static CheckpointState loopState(int k) {
        CheckpointState s = CheckpointState.initial(1, 1_700_000_000L);
        for (int i = 1; i <= k; i++) {
            s = s.checkpointStarted(i, 1_700_000_000L + i, 1_700_000_000L + i)
                    .checkpointSucceeded(1_700_000_000L + i, java.util.Map.of("pages_written", (long) i), true)
                    .runEnded(i, 1_700_000_000L + i, 1_700_000_100L + i, "checkpointed", Optional.of("host" + i))
                    .restartSubmitted(i + 1, 1_700_000_000L + i);
        }
        return s;
    }

    public static void main(String[] args) {
        StateFile file = new StateFile(Path.of(args[1]));
        if (args[0].equals("loop")) {
            boolean first = true;
            while (true) {
                CheckpointState now = file.update(before ->
                        loopState(before.map(CheckpointState::overrunRestarts).orElse(0) + 1));
                System.out.println(now.overrunRestarts());
                if (first) {
                    System.out.println("ready"); // classes loaded: the next writes take milliseconds
                    first = false;
                }
            }
        }
        long id = Long.parseLong(args[2]);
        file.update(before -> {
            CheckpointState s = before.orElseGet(() -> CheckpointState.initial(1, 1_700_000_000L));
            return s.runEnded(id, 1_700_000_000L, 1_700_000_000L + id, "exited 0", Optional.empty())
                    .restartSubmitted(s.jobId(), 1_700_000_000L);
        });
    }
}
