package checkpoint.store;

import java.util.List;
import java.util.Optional;

/**
 * Which host a restart asks LSF for ({@code brestart -m <host>}): the host that took the checkpoint,
 * when the job's restore depends on it (it had files open on a filesystem local to that host, as its
 * checkpoint recorded, or the site sets {@code RESTART_SAME_HOST=Y}), and always for the one
 * resubmission of a job whose restore was refused elsewhere; otherwise any host. Pure.
 */
public final class RestartPlacement {
    /** The checkpoint figure that counts the job's open files and working directories on host-local filesystems. */
    public static final String HOST_LOCAL_FILES = "host_local_files";

    private RestartPlacement() {}

    /** The run that took the chain's newest checkpoint, if any: the last with checkpoint figures. */
    static Optional<RunRecord> checkpointingRun(CheckpointState st) {
        List<RunRecord> runs = st.runs();
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (!runs.get(i).checkpoint().isEmpty()) {
                return Optional.of(runs.get(i));
            }
        }
        return Optional.empty();
    }

    /** The host that took the newest checkpoint, when the state knows it. */
    public static Optional<String> checkpointingHost(CheckpointState st) {
        return checkpointingRun(st).flatMap(RunRecord::host).filter(RestartPlacement::isHostName);
    }

    /** A name LSF may take after {@code -m}: letters, digits, dots and dashes, not an option. The state is the user's. */
    static boolean isHostName(String h) {
        return h.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");
    }

    /** The host a restart of {@code st} asks for, or empty for any host; {@code sameHost} is RESTART_SAME_HOST. */
    public static Optional<String> host(CheckpointState st, boolean sameHost) {
        Optional<RunRecord> run = checkpointingRun(st);
        boolean bound = sameHost
                || run.map(r -> r.checkpoint().getOrDefault(HOST_LOCAL_FILES, 0L) > 0)
                        .orElse(false);
        return bound ? checkpointingHost(st) : Optional.empty();
    }

    /** Why {@link #host} chose as it did, for the log. */
    public static String why(CheckpointState st, boolean sameHost) {
        if (host(st, sameHost).isEmpty()) {
            return "any host: the restore does not depend on the checkpointing host";
        }
        return sameHost
                ? "the checkpointing host: RESTART_SAME_HOST=Y"
                : "the checkpointing host: the job had "
                        + checkpointingRun(st).get().checkpoint().get(HOST_LOCAL_FILES)
                        + " files or working directories open on filesystems local to it";
    }
}
