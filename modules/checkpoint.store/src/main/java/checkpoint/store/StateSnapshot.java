package checkpoint.store;

import java.util.Optional;

/**
 * What reading a job's state file gave: a state, no file, or a file that cannot be used (then
 * {@link #problem()} says why). The policy decides from this, never from an exception.
 */
public record StateSnapshot(Optional<CheckpointState> state, Optional<String> problem) {
    /** No state file: lsf-criu has not looked after this job yet. */
    public static StateSnapshot none() {
        return new StateSnapshot(Optional.empty(), Optional.empty());
    }

    public static StateSnapshot of(CheckpointState state) {
        return new StateSnapshot(Optional.of(state), Optional.empty());
    }

    public static StateSnapshot unusable(String problem) {
        return new StateSnapshot(Optional.empty(), Optional.of(problem));
    }

    /** Reads {@code file}, turning a corrupt, unknown-version or planted file into a problem. */
    public static StateSnapshot read(StateFile file) {
        try {
            return file.read().map(StateSnapshot::of).orElseGet(StateSnapshot::none);
        } catch (StateFileException e) {
            return unusable(e.getMessage());
        }
    }
}
