package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import checkpoint.store.CheckpointPhase;
import checkpoint.store.CheckpointState;
import checkpoint.store.StateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lsf.env.CommandResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST_EXEC's decisions, brestart and summaries, in-process with fake LSF commands. */
class PostExecTest {
    @TempDir
    Path tmp;

    FakeWorld world;
    Path chk;

    @BeforeEach
    void job() throws IOException {
        world = new FakeWorld(tmp);
        chk = Files.createDirectories(tmp.resolve("chk/42"));
        world.env.putAll(Map.of(
                "LSB_JOBID",
                "42",
                "LSB_CHKPNT_DIR",
                chk.toString(),
                "LSB_JOBEXIT_STAT",
                "9",
                "ENABLE_ORUN_CHKPNT",
                "Y",
                "ENABLE_ORUN_RESTART",
                "Y",
                "LSB_OUTPUTFILE",
                tmp.resolve("job.out").toString()));
    }

    void checkpointed(int restarts) {
        new StateFile(chk)
                .update(b -> new CheckpointState(
                                "V2",
                                42,
                                40,
                                world.now - 10,
                                CheckpointPhase.STARTED,
                                restarts,
                                false,
                                List.of(),
                                java.util.Optional.empty())
                        .checkpointStarted(42, world.now - 100, world.now - 10)
                        .checkpointSucceeded(world.now - 5, Map.of("memory_pages_written", 12L), true));
    }

    FakeWorld.Result postExec() {
        return world.run(new PostExec(world.toolkit()));
    }

    @Test
    void aCheckpointedJobIsRestartedAndTheNewIdRecorded() {
        checkpointed(0);
        FakeWorld.Result r = postExec();
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("brestart " + chk.getParent() + " 42"), world.lsfCalls);
        CheckpointState s = new StateFile(chk).read().orElseThrow();
        assertEquals(43, s.jobId());
        assertEquals(1, s.overrunRestarts());
        assertEquals(CheckpointPhase.NONE, s.phase());
        assertEquals(
                "checkpointed (killed by signal 9)",
                s.run(42).orElseThrow().outcome().orElseThrow());
        assertEquals(100, s.run(42).orElseThrow().runtimeSeconds());
    }

    /** The restarted instance as brestart submitted it: job 43, its restart command not yet run. */
    void restartSubmittedAs43() {
        checkpointed(0);
        new StateFile(chk)
                .update(b -> b.orElseThrow()
                        .runEnded(42, world.now - 100, world.now - 5, "checkpointed", java.util.Optional.empty())
                        .restartSubmitted(43, world.now - 4));
        world.env.putAll(
                Map.of("LSB_JOBID", "43", "LSB_RESTART", "Y", "LSB_OLD_JOBID", "42", "LSB_JOBEXIT_STAT", "256"));
    }

    @Test
    void aRestartedInstanceThatNeverRanItsRestoreEndsNothing() throws IOException {
        restartSubmittedAs43();
        String before = Files.readString(chk.resolve(StateFile.NAME));
        FakeWorld.Result r = postExec();
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), world.lsfCalls);
        assertEquals(before, Files.readString(chk.resolve(StateFile.NAME)), "the history is not touched");
        assertTrue(Files.notExists(tmp.resolve("overrun-summary-40.txt")), "the chain is not summarised");
        assertTrue(Files.readString(chk.resolve(JobLog.LOG)).contains("never ran its restore"));
    }

    @Test
    void aRestartedInstanceWhoseRestoreRanIsSummarisedWhenItEnds() throws IOException {
        restartSubmittedAs43();
        Files.writeString(chk.resolve(PostExec.RESTORE_STARTED), "43\n");
        FakeWorld.Result r = postExec();
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(tmp.resolve("overrun-summary-40.txt")).contains("43 "));
    }

    @Test
    void theLastRunIsSummarisedNextToTheOutput() throws IOException {
        checkpointed(2);
        world.env.put("LSB_JOBEXIT_STAT", "1792");
        FakeWorld.Result r = postExec();
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), world.lsfCalls);
        String text = Files.readString(tmp.resolve("overrun-summary-40.txt"));
        assertTrue(text.contains("Overrun restarts: 2"), text);
        assertTrue(text.contains("restart limit reached (2 of 2)"), text);
        assertTrue(Files.readString(chk.resolve("overrun-summary-40.json")).contains("\"overrun_restarts\" : 2"));
    }

    @Test
    void aRelativeOutputFileIsTheJobsWorkingDirectorysNotPostExecs() throws IOException {
        new StateFile(chk)
                .update(b -> CheckpointState.initial(42, world.now - 50).runStarted(42, world.now - 50));
        Path cwd = Files.createDirectories(tmp.resolve("submitted-from"));
        world.env.put("LSB_OUTPUTFILE", "out/job.out");
        world.env.put("LS_SUBCWD", cwd.toString());
        Files.createDirectories(cwd.resolve("out"));
        assertEquals(0, postExec().code());
        assertTrue(Files.exists(cwd.resolve("out/overrun-summary-42.txt")), "next to the job's own output file");
        world.env.remove("LS_SUBCWD");
        Files.delete(cwd.resolve("out/overrun-summary-42.txt"));
        assertEquals(0, postExec().code());
        assertTrue(!Files.exists(Path.of("out/overrun-summary-42.txt")), "written relative to POST_EXEC's directory");
        assertTrue(
                Files.readString(chk.resolve(JobLog.LOG)).contains("is relative and LS_SUBCWD does not say to what"));
    }

    @Test
    void aJobThatEndedOnItsOwnIsSummarisedWithItsExitStatus() throws IOException {
        new StateFile(chk)
                .update(b -> CheckpointState.initial(42, world.now - 50).runStarted(42, world.now - 50));
        world.env.put("LSB_JOBEXIT_STAT", "1792");
        assertEquals(0, postExec().code());
        assertTrue(Files.readString(tmp.resolve("overrun-summary-42.txt")).contains("exited 7"));
    }

    @Test
    void noSummaryFileWhenTheOutputIsDevNull() throws IOException {
        checkpointed(2);
        world.env.put("LSB_OUTPUTFILE", "/dev/null");
        assertEquals(0, postExec().code());
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("overrun-summary")));
        }
        assertTrue(Files.exists(chk.resolve("overrun-summary-40.json")));
    }

    @Test
    void aFailedBrestartIsRecordedAndSummarised() throws IOException {
        checkpointed(0);
        world.brestart = new CommandResult(List.of("brestart"), 255, "", "Job <42>: No checkpoint", false);
        FakeWorld.Result r = postExec();
        assertEquals(1, r.code());
        CheckpointState s = new StateFile(chk).read().orElseThrow();
        assertTrue(
                s.lastError().orElseThrow().startsWith("brestart did not resubmit the job"),
                s.lastError().toString());
        assertTrue(Files.readString(tmp.resolve("overrun-summary-40.txt")).contains("restart failed"));
    }

    @Test
    void aJobWithoutStateIsLeftAlone() throws IOException {
        assertEquals(0, postExec().code());
        try (var files = Files.list(chk)) {
            assertEquals(
                    List.of(),
                    files.filter(p -> !p.getFileName().toString().startsWith("lsf-criu"))
                            .toList());
        }
    }
}
