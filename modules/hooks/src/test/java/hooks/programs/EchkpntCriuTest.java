package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import checkpoint.store.CheckpointPhase;
import checkpoint.store.CheckpointState;
import checkpoint.store.StateFile;
import criu.invoke.image.Generations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code echkpnt.criu} in-process on the fake world with a fake criu: every branch of a dump (written,
 * failed, hung, an image without its files), what it does to the job (killed with -k, killed after a
 * failed run-limit checkpoint, continued after a periodic one) and whether the state records it.
 */
class EchkpntCriuTest {
    /**
     * The job's group leader (LSF's res; criu dumps its child's tree): beyond any pid_max, so no
     * process of this machine has these pids and nothing real is read for them.
     */
    static final long JOB = 99_000_100L;

    @TempDir
    Path tmp;

    FakeWorld world;
    Path chk;

    @BeforeEach
    void job() throws IOException {
        world = new FakeWorld(tmp);
        chk = Files.createDirectories(tmp.resolve("chk/42"));
        world.runLimitOf42(chk, JOB);
    }

    FakeWorld.Result echkpnt(String... args) {
        return world.run(new EchkpntCriu(world.toolkit()), args);
    }

    /** TERMINATE at the run limit: the state says the run-limit checkpoint of job 42 runs. */
    void runLimitReached() {
        assertEquals(0, world.run(new TerminateAction(world.toolkit())).code());
        assertEquals(CheckpointPhase.STARTED, state().phase());
    }

    CheckpointState state() {
        return new StateFile(chk).read().orElseThrow();
    }

    List<String> lastDump() {
        return world.criu.calls.stream()
                .filter(c -> c.size() > 1 && c.get(1).equals("dump"))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    String log() throws IOException {
        return Files.readString(chk.resolve(JobLog.LOG));
    }

    @Test
    void aRunLimitCheckpointDumpsRecordsItsSuccessAndKillsTheJob() throws IOException {
        runLimitReached();
        world.now += 20;
        FakeWorld.Result r = echkpnt("-k", "-d", "42.tmp", Long.toString(JOB));
        assertEquals(0, r.code(), r.err());
        List<String> dump = lastDump();
        assertEquals(List.of("dump", "-t", Long.toString(JOB + 1)), dump.subList(1, 4), "below the group leader (res)");
        assertTrue(dump.contains("--leave-stopped") && !dump.contains("--unprivileged"), dump.toString());
        assertEquals(
                Duration.ofSeconds(160),
                world.criu.timeouts.get(world.criu.calls.indexOf(dump)),
                "criu may take what is left of the 180 s checkpoint timeout");
        Path current = new Generations(chk).current().orElseThrow();
        assertTrue(Files.isRegularFile(current.resolve("pstree.img")));
        CheckpointState s = state();
        assertEquals(CheckpointPhase.SUCCESS, s.phase());
        assertEquals(world.now, s.timestamp());
        assertEquals(List.of("KILL " + JOB), world.signals);
        assertTrue(world.processes.isEmpty(), "nothing of the job survives -k");
        assertTrue(log().contains("killed the checkpointed job with SIGKILL: 3 processes"), log());
        assertTrue(Files.readString(chk.resolve(JobLog.EVENTS)).contains("\"event\":\"checkpoint_done\""));
    }

    @Test
    void aPeriodicCheckpointContinuesTheJobAndLeavesTheStateAlone() {
        FakeWorld.Result r = echkpnt("-d", "42.tmp", Long.toString(JOB));
        assertEquals(0, r.code(), r.err());
        assertTrue(new Generations(chk).current().isPresent());
        assertEquals(List.of(), world.signals);
        assertEquals(3, world.processes.size());
        assertTrue(
                world.criu.calls.contains(List.of(
                        "/bin/sh",
                        "-c",
                        "g=$1; shift; kill -s CONT \"$@\"; [ \"$g\" = - ] || kill -s KILL \"$g\"",
                        "kill",
                        "-", // no dump guard in this world (it names no process of its own)
                        Long.toString(JOB + 1),
                        Long.toString(JOB + 2))),
                world.criu.calls.toString());
        assertFalse(Files.exists(chk.resolve(StateFile.NAME)), "a periodic checkpoint writes no state");
        assertEquals(Duration.ofSeconds(600), world.criu.timeouts.get(0), "CRIU_DUMP_TIMEOUT bounds a periodic dump");
    }

    @Test
    void aFailedRunLimitCheckpointIsRecordedAndTheJobKilledTheWayLsfDoes() throws IOException {
        runLimitReached();
        world.criu.dump = FakeCriu.Dump.FAILS;
        FakeWorld.Result r = echkpnt("-k", "-d", "42.tmp", Long.toString(JOB));
        assertEquals(1, r.code());
        CheckpointState s = state();
        assertEquals(CheckpointPhase.FAILED, s.phase());
        assertTrue(
                s.lastError().orElseThrow().startsWith("CRIU_FAILED: criu dump failed"),
                s.lastError().toString());
        assertEquals(List.of("INT " + JOB), world.signals, "SIGINT first, as LSF kills");
        assertTrue(new Generations(chk).current().isEmpty());
        assertTrue(Files.isRegularFile(chk.resolve("criu").resolve(criu.invoke.Dumper.FAILED_LOG)));
        assertTrue(log().contains("Dumping FAILED"), log());
    }

    /**
     * The race an independent check found: the job's last steps end a process under criu, the dump fails,
     * and the job exits on its own a moment later. It is not signalled (it keeps its own exit status) and
     * the state says why.
     */
    @Test
    void aJobEndingOnItsOwnDuringItsRunLimitCheckpointIsNotSignalled() throws IOException {
        runLimitReached();
        world.criu.dump = FakeCriu.Dump.FAILS;
        world.criu.duringDump = () -> world.processes.remove(JOB + 2);
        long start = world.millis;
        world.onSleep = t -> {
            if (t - start >= 300) { // the root exits on its own, then the job-file shell with its status
                world.processes.remove(JOB + 1);
                world.processes.remove(JOB);
            }
        };
        FakeWorld.Result r = echkpnt("-k", "-d", "42.tmp", Long.toString(JOB));
        assertEquals(1, r.code(), "no checkpoint was taken");
        assertEquals(List.of(), world.signals, "nothing signalled: the job ended on its own");
        String why = state().lastError().orElseThrow();
        assertTrue(why.startsWith(CheckpointState.ENDED_DURING_CHECKPOINT), why);
        assertTrue(log().contains("the job ended on its own during its run-limit checkpoint"), log());
        assertTrue(Files.readString(chk.resolve(JobLog.EVENTS)).contains("\"event\":\"job_ended_during_checkpoint\""));
    }

    /** A process of the tree ended under criu but the job runs on: after the grace it is killed as LSF kills. */
    @Test
    void aJobThatRunsOnAfterAProcessEndedUnderItsDumpIsKilledAfterTheGrace() {
        runLimitReached();
        world.criu.dump = FakeCriu.Dump.FAILS;
        world.criu.duringDump = () -> world.processes.remove(JOB + 2);
        long start = world.millis;
        FakeWorld.Result r = echkpnt("-k", "-d", "42.tmp", Long.toString(JOB));
        assertEquals(1, r.code());
        assertEquals(List.of("INT " + JOB), world.signals, "SIGINT, as LSF kills");
        assertTrue(
                world.millis - start >= 10_000, "the terminate interval's grace came first: " + (world.millis - start));
        assertTrue(
                state().lastError().orElseThrow().startsWith("CRIU_FAILED"),
                state().lastError().toString());
        assertTrue(world.processes.isEmpty(), "the job past its run limit dies");
    }

    @Test
    void aHungDumpIsBoundedByWhatIsLeftOfTheCheckpointTimeout() {
        runLimitReached();
        world.now += 175;
        world.criu.dump = FakeCriu.Dump.HANGS;
        FakeWorld.Result r = echkpnt("-k", "-d", "42.tmp", Long.toString(JOB));
        assertEquals(1, r.code());
        assertEquals(Duration.ofSeconds(5), world.criu.timeouts.get(world.criu.calls.indexOf(lastDump())));
        assertTrue(
                state().lastError().orElseThrow().startsWith("CRIU_TIMED_OUT"),
                state().lastError().toString());
        assertTrue(world.processes.isEmpty(), "the job past its run limit dies");
    }

    @Test
    void aDumpThatExitsZeroWithoutItsImageIsNoCheckpoint() {
        runLimitReached();
        world.criu.dump = FakeCriu.Dump.EXITS_0_WITHOUT_IMAGE;
        assertEquals(1, echkpnt("-k", "-d", "42.tmp", Long.toString(JOB)).code());
        assertTrue(
                state().lastError().orElseThrow().startsWith("INCOMPLETE_IMAGE"),
                state().lastError().toString());
        assertTrue(new Generations(chk).current().isEmpty());
    }

    @Test
    void aFailedPeriodicCheckpointKeepsTheJobAndTheLastGoodGeneration() {
        assertEquals(0, echkpnt("-d", "42.tmp", Long.toString(JOB)).code());
        Path good = new Generations(chk).current().orElseThrow();
        world.criu.dump = FakeCriu.Dump.FAILS;
        world.now += 60; // past PERIODIC_CHECKPOINT_MIN_INTERVAL: this one dumps (and fails)
        assertEquals(1, echkpnt("-d", "42.tmp", Long.toString(JOB)).code());
        assertEquals(good, new Generations(chk).current().orElseThrow());
        assertEquals(List.of(), world.signals);
        assertEquals(3, world.processes.size());
        assertFalse(Files.exists(chk.resolve(StateFile.NAME)));
    }

    @Test
    void theStateOfAnotherJobsCheckpointIsNotTouched() {
        world.env.put("LSB_JOBID", "41");
        runLimitReached();
        world.env.put("LSB_JOBID", "42");
        long before = state().timestamp();
        world.now += 10;
        assertEquals(0, echkpnt("-k", "-d", "42.tmp", Long.toString(JOB)).code());
        assertEquals(CheckpointPhase.STARTED, state().phase());
        assertEquals(before, state().timestamp());
        assertTrue(world.processes.isEmpty(), "-k kills all the same");
    }

    @Test
    void anOrdinaryUsersDumpIsUnprivileged() {
        world.uid = 1000;
        assertEquals(0, echkpnt("-d", "42.tmp", Long.toString(JOB)).code());
        assertTrue(lastDump().contains("--unprivileged"), lastDump().toString());
    }

    @Test
    void whatLsfNeverPassesIsAUsageOrInputError() {
        FakeWorld.Result noGroup = echkpnt("-k", "-d", "42.tmp");
        assertEquals(2, noGroup.code());
        assertTrue(noGroup.err().contains("expected one process group id"), noGroup.err());
        assertEquals(2, echkpnt("-k", Long.toString(JOB)).code(), "-d is required");
        assertEquals(2, echkpnt("-d", "42.tmp", "0").code());
        world.env.remove("LSB_CHKPNT_DIR");
        FakeWorld.Result noDir = echkpnt("-d", "42.tmp", Long.toString(JOB));
        assertEquals(4, noDir.code());
        assertTrue(noDir.err().contains("LSB_CHKPNT_DIR is not set"), noDir.err());
        assertTrue(world.criu.calls.isEmpty(), "criu never ran");
    }

    /** volclava's plain-bchkpnt loop asks again within a second: the newest generation stays, no dump runs. */
    @Test
    void aPeriodicCheckpointAskedForAgainWithinSecondsIsSkipped() throws IOException {
        assertEquals(0, echkpnt("-d", "42.tmp", Long.toString(JOB)).code());
        Path first = new Generations(chk).current().orElseThrow();
        world.criu.dump = FakeCriu.Dump.FAILS; // a dump now would fail: the skip runs none
        world.now += 1;
        assertEquals(0, echkpnt("-d", "42.tmp", Long.toString(JOB)).code());
        assertEquals(first, new Generations(chk).current().orElseThrow());
        assertTrue(Files.readString(chk.resolve(JobLog.LOG))
                .contains("checkpoint skipped: the newest generation is 1 s old"));
    }
}
