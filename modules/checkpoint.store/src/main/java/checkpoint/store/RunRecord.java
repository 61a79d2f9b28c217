package checkpoint.store;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One run (one LSF job id) of a checkpointed job: the V1 {@code summary_info} entry (id, start,
 * runtime) plus, from V2 on, the host, the end, the outcome and the checkpoint's figures.
 *
 * @param jobId the LSF job id of this run
 * @param startTime epoch seconds when the run started
 * @param runtimeSeconds how long it ran
 * @param host the execution host, when known
 * @param endTime epoch seconds when it ended, when known
 * @param outcome how it ended, e.g. {@code checkpointed}, {@code exited 7}, {@code killed}
 * @param checkpoint the checkpoint's figures (criu's stats, image bytes), empty when none
 */
public record RunRecord(
        long jobId,
        long startTime,
        long runtimeSeconds,
        Optional<String> host,
        OptionalLong endTime,
        Optional<String> outcome,
        Map<String, Long> checkpoint) {
    public RunRecord {
        if (jobId <= 0) {
            throw new IllegalArgumentException("job id " + jobId + " is not positive");
        }
        if (runtimeSeconds < 0) {
            throw new IllegalArgumentException("runtime " + runtimeSeconds + " is negative");
        }
        checkpoint = Map.copyOf(new TreeMap<>(checkpoint));
    }

    /** A run as V1 records it: id, start and runtime only. */
    public static RunRecord of(long jobId, long startTime, long runtimeSeconds) {
        return new RunRecord(
                jobId, startTime, runtimeSeconds, Optional.empty(), OptionalLong.empty(), Optional.empty(), Map.of());
    }

    /** This run, ended at {@code end} with {@code outcome} on {@code host}. */
    public RunRecord ended(long end, String outcome, Optional<String> endHost) {
        long runtime = Math.max(0, end - startTime);
        return new RunRecord(
                jobId,
                startTime,
                runtime,
                endHost.or(() -> host),
                OptionalLong.of(end),
                Optional.of(outcome),
                checkpoint);
    }

    /** This run with the figures of its checkpoint. */
    public RunRecord withCheckpoint(Map<String, Long> figures) {
        return new RunRecord(jobId, startTime, runtimeSeconds, host, endTime, outcome, figures);
    }
}
