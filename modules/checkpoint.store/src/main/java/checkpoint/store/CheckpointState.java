package checkpoint.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint state of one job across its restarts, as kept in
 * {@code $LSB_CHKPNT_DIR/.checkpoint-state.json}. Immutable: every transition returns a new state.
 *
 * @param version {@code V1} when read from the tool lsf-criu replaces, else {@link #CURRENT_VERSION}
 * @param jobId the job the state belongs to now (the newest run's id)
 * @param firstJobId the first job of the chain: it names the summary file
 * @param timestamp epoch seconds of the last phase change (V1's {@code timestamp})
 * @param phase where the current run's checkpoint stands
 * @param overrunRestarts restarts done so far
 * @param shouldRestart true when the current run's checkpoint is to be restarted
 * @param runs one record per run, oldest first
 * @param lastError the last failure recorded (checkpoint or restart), if any
 */
public record CheckpointState(
        String version,
        long jobId,
        long firstJobId,
        long timestamp,
        CheckpointPhase phase,
        int overrunRestarts,
        boolean shouldRestart,
        List<RunRecord> runs,
        Optional<String> lastError) {
    /** The version lsf-criu writes. */
    public static final String CURRENT_VERSION = "V2";

    public CheckpointState {
        if (jobId <= 0 || firstJobId <= 0) {
            throw new IllegalArgumentException("job ids must be positive: " + jobId + ", " + firstJobId);
        }
        if (overrunRestarts < 0) {
            throw new IllegalArgumentException("overrun_restarts " + overrunRestarts + " is negative");
        }
        runs = List.copyOf(runs);
    }

    /** The state of a job that lsf-criu has just started to look after. */
    public static CheckpointState initial(long jobId, long now) {
        return new CheckpointState(
                CURRENT_VERSION, jobId, jobId, now, CheckpointPhase.NONE, 0, false, List.of(), Optional.empty());
    }

    private CheckpointState with(
            long newJobId,
            long time,
            CheckpointPhase newPhase,
            int restarts,
            boolean restart,
            List<RunRecord> newRuns,
            Optional<String> error) {
        return new CheckpointState(
                CURRENT_VERSION, newJobId, firstJobId, time, newPhase, restarts, restart, newRuns, error);
    }

    /** True when the state was last moved on by job {@code id} (not by an earlier run). */
    public boolean belongsTo(long id) {
        return jobId == id;
    }

    /** True while job {@code id}'s own checkpoint is in progress (started by it, not yet done or failed). */
    public boolean checkpointRunningFor(long id) {
        return belongsTo(id) && phase == CheckpointPhase.STARTED;
    }

    /** The run record of job {@code id}, if there is one. */
    public Optional<RunRecord> run(long id) {
        return runs.stream().filter(r -> r.jobId() == id).findFirst();
    }

    /** Records that job {@code id} (started at {@code started}) is being checkpointed since {@code now}. */
    public CheckpointState checkpointStarted(long id, long started, long now) {
        return with(id, now, CheckpointPhase.STARTED, overrunRestarts, false, withRun(id, started), lastError);
    }

    /** Records a complete checkpoint of the current run with its figures. */
    public CheckpointState checkpointSucceeded(long now, Map<String, Long> figures, boolean restartWanted) {
        List<RunRecord> updated = replaceRun(jobId, r -> r.withCheckpoint(figures));
        return with(jobId, now, CheckpointPhase.SUCCESS, overrunRestarts, restartWanted, updated, Optional.empty());
    }

    /** Records a failed checkpoint of the current run. */
    public CheckpointState checkpointFailed(long now, String why) {
        return with(jobId, now, CheckpointPhase.FAILED, overrunRestarts, false, runs, Optional.of(why));
    }

    /**
     * Records that job {@code id} (started at {@code started}) reached its run limit and was not checkpointed
     * because it cannot be ({@code why}): no checkpoint phase, the reason kept for the summary.
     */
    public CheckpointState notCheckpointable(long id, long started, long now, String why) {
        return with(id, now, CheckpointPhase.NONE, overrunRestarts, false, withRun(id, started), Optional.of(why));
    }

    /** Records that job {@code id}'s run started at {@code started} (a restarted run, at dispatch). */
    public CheckpointState runStarted(long id, long started) {
        if (run(id).isPresent()) {
            return this;
        }
        return with(jobId, timestamp, phase, overrunRestarts, shouldRestart, withRun(id, started), lastError);
    }

    /** Records how job {@code id}'s run ended. */
    public CheckpointState runEnded(long id, long started, long end, String outcome, Optional<String> host) {
        List<RunRecord> updated = new ArrayList<>(withRun(id, started));
        updated.replaceAll(r -> r.jobId() == id ? r.ended(end, outcome, host) : r);
        return with(jobId, timestamp, phase, overrunRestarts, shouldRestart, updated, lastError);
    }

    /** Records that {@code brestart} resubmitted the job as {@code newJobId}. */
    public CheckpointState restartSubmitted(long newJobId, long now) {
        return with(newJobId, now, CheckpointPhase.NONE, overrunRestarts + 1, false, runs, Optional.empty());
    }

    /**
     * How the reason of a run-limit checkpoint begins that the job outran: it ended on its own while it
     * was being taken, and keeps its own exit status.
     */
    public static final String ENDED_DURING_CHECKPOINT = "ended on its own during its checkpoint: ";

    /** How the reason of a restore refused by erestart begins (it names the host and the cause). */
    public static final String RESTORE_REFUSED = "restore refused on ";

    /** Records that job {@code id}'s restore was refused on {@code host} ({@code why}); the chain may yet resubmit it. */
    public CheckpointState restoreRefused(long id, long now, String host, String why) {
        return with(
                jobId,
                now,
                phase,
                overrunRestarts,
                shouldRestart,
                runs,
                Optional.of(RESTORE_REFUSED + host + ": " + why));
    }

    /**
     * Records that the instance whose restore was refused was resubmitted as {@code newJobId} to the host that
     * took the checkpoint: the same restart again, not a new one.
     */
    public CheckpointState restartResubmitted(long newJobId, long now) {
        return with(newJobId, now, CheckpointPhase.NONE, overrunRestarts, false, runs, lastError);
    }

    /** Records a failure that ends the chain of restarts (e.g. brestart failed). */
    public CheckpointState restartFailed(long now, String why) {
        return with(jobId, now, phase, overrunRestarts, false, runs, Optional.of(why));
    }

    private List<RunRecord> withRun(long id, long started) {
        if (run(id).isPresent()) {
            return runs;
        }
        List<RunRecord> updated = new ArrayList<>(runs);
        updated.add(RunRecord.of(id, started, 0));
        return updated;
    }

    private List<RunRecord> replaceRun(long id, java.util.function.UnaryOperator<RunRecord> change) {
        List<RunRecord> updated = new ArrayList<>(runs);
        updated.replaceAll(r -> r.jobId() == id ? change.apply(r) : r);
        return updated;
    }
}
