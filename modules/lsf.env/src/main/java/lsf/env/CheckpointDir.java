package lsf.env;

import java.nio.file.Path;

/**
 * Every file and directory lsf-criu keeps in a job's checkpoint directory ({@code LSB_CHKPNT_DIR}),
 * named once: the state and its lock, the job's log and events, the image generations, the
 * restart command LSF reads, and the markers the restart command and the job starter leave. The
 * shell halves take the same names from {@code jlink/scripts/lsf-criu-lib.sh}
 * ({@code CheckpointDirTest} compares the two, and finds no other place that spells them). What
 * lies inside the generations directory is criu.invoke's to name. Pure.
 */
public record CheckpointDir(Path path) {
    /** The checkpoint state (version V2; the replaced tool's V1 is read too). */
    public static final String STATE = ".checkpoint-state.json";
    /** The lock every read-modify-write of the state holds. */
    public static final String STATE_LOCK = ".checkpoint-state.lock";
    /** The job's log: one line per step of every program. */
    public static final String LOG = "lsf-criu.log";
    /** The job's events: one JSON object per event. */
    public static final String EVENTS = "lsf-criu.events.jsonl";
    /** The directory of the image generations. */
    public static final String GENERATIONS = "criu";
    /** The file LSF reads the restart command from (LSF's own name). */
    public static final String RESTART_CMD = ".restart_cmd";
    /** Where criu writes the restored root's pid. */
    public static final String RESTORED_PID = ".lsf-criu-restored.pid";
    /** Where the restart command keeps criu's pid while it restores. */
    public static final String RESTORE_CRIU_PID = ".lsf-criu-restore-criu.pid";
    /** criu's output during a restore. */
    public static final String RESTORE_OUT = ".lsf-criu-restore.out";
    /** The job id the restart command records as it starts (POST_EXEC tells by it whether it ran). */
    public static final String RESTORE_STARTED = ".lsf-criu-restore-started";
    /** The job's exit status, recorded by the job starter for site tools. */
    public static final String EXIT_STATUS = ".lsf-criu-exit-status";
    /** The prefix of the end-of-run summary's name ({@code overrun-summary-<first job id>.json}). */
    public static final String SUMMARY_PREFIX = "overrun-summary-";

    /** The checkpoint directory at {@code path}. */
    public static CheckpointDir of(Path path) {
        return new CheckpointDir(path);
    }

    public Path state() {
        return path.resolve(STATE);
    }

    public Path stateLock() {
        return path.resolve(STATE_LOCK);
    }

    public Path log() {
        return path.resolve(LOG);
    }

    public Path events() {
        return path.resolve(EVENTS);
    }

    public Path generations() {
        return path.resolve(GENERATIONS);
    }

    public Path restartCommand() {
        return path.resolve(RESTART_CMD);
    }

    public Path restoredPid() {
        return path.resolve(RESTORED_PID);
    }

    public Path restoreStarted() {
        return path.resolve(RESTORE_STARTED);
    }

    public Path exitStatus() {
        return path.resolve(EXIT_STATUS);
    }

    /** The summary of a chain whose first job was {@code firstJobId}, with {@code extension} ({@code txt}, {@code json}). */
    public static String summaryName(long firstJobId, String extension) {
        return SUMMARY_PREFIX + firstJobId + "." + extension;
    }
}
