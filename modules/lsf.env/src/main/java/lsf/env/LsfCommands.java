package lsf.env;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The LSF commands lsf-criu calls. Each call is bounded by a timeout and never throws for a
 * failure of LSF: the result says what happened. Tests replace it.
 */
public interface LsfCommands {
    /** {@code bchkpnt -k <jobId>}: ask LSF to checkpoint and then kill the job; returns at once. */
    CommandResult checkpointAndKill(long jobId);

    /**
     * {@code brestart <checkpointParent> <oldJobId>}: resubmit a checkpointed job.
     *
     * @return the command's result and, when it printed one, the new job's id
     */
    RestartSubmission restart(Path checkpointParent, long oldJobId);

    /**
     * {@code brestart [-m <host>] <checkpointParent> <oldJobId>}: as {@link #restart(Path, long)}, asking LSF
     * for {@code host} when one is given.
     */
    default RestartSubmission restart(Path checkpointParent, long oldJobId, java.util.Optional<String> host) {
        return restart(checkpointParent, oldJobId);
    }

    /**
     * {@code bjobs -a -json -o "jobid stat" <ids>}: each job's state as {@link LsfOutputs#jobStates}
     * gives it; empty when LSF gave no answer (the command failed, timed out or printed no records).
     */
    default java.util.Optional<java.util.Map<Long, String>> jobStates(java.util.List<Long> jobIds) {
        return java.util.Optional.empty();
    }

    /** What {@code brestart} did. */
    record RestartSubmission(CommandResult result, OptionalLong newJobId) {}
}
