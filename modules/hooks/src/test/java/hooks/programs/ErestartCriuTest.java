package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import checkpoint.store.StateFile;
import criu.invoke.image.Generations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code erestart.criu} in-process on the fake world, from generations the fake criu wrote through
 * {@code echkpnt.criu}: a restore that is ready writes the restart command; one whose pids are held,
 * whose generations are damaged, or whose host lacks the dump host's CPU features is refused, and
 * no stale restart command is left for LSF to run.
 */
class ErestartCriuTest {
    static final long JOB = EchkpntCriuTest.JOB;

    @TempDir
    Path tmp;

    FakeWorld world;
    Path chk;

    @BeforeEach
    void checkpointedJob() throws IOException {
        world = new FakeWorld(tmp);
        chk = Files.createDirectories(tmp.resolve("chk/42"));
        world.runLimitOf42(chk, JOB);
        assertEquals(0, world.run(new TerminateAction(world.toolkit())).code());
        assertEquals(
                0,
                world.run(new EchkpntCriu(world.toolkit()), "-k", "-d", "42.tmp", Long.toString(JOB))
                        .code());
        world.env.put("LSB_JOBID", "43");
        world.env.put("LSB_OLD_JOBID", "42");
        world.env.put("LSB_RESTART", "Y");
        world.now += 60;
    }

    FakeWorld.Result erestart() {
        return world.run(new ErestartCriu(world.toolkit()), "-c", chk.toString());
    }

    String restartCommand() throws IOException {
        return Files.readString(chk.resolve(ErestartCriu.RESTART_CMD));
    }

    String log() throws IOException {
        return Files.readString(chk.resolve(JobLog.LOG));
    }

    @Test
    void aReadyRestoreWritesTheRestartCommandAndRecordsTheRun() throws IOException {
        FakeWorld.Result r = erestart();
        assertEquals(0, r.code(), r.err());
        String cmd = restartCommand();
        Path generation = new Generations(chk).current().orElseThrow();
        assertTrue(
                cmd.startsWith("LSB_RESTART_CMD=" + world.image.resolve("bin/lsf-criu-restart") + " " + chk + " 600 "),
                cmd);
        assertTrue(cmd.contains(" restore -D " + generation + " "), cmd);
        assertTrue(cmd.contains(" -d --restore-sibling --pidfile " + chk.resolve(ErestartCriu.PID_FILE)), cmd);
        assertFalse(cmd.contains("--unprivileged") || cmd.contains("--cgroup-root"), cmd);
        assertTrue(new StateFile(chk).read().orElseThrow().run(43).isPresent(), "the restarted run is recorded");
        assertTrue(Files.readString(chk.resolve(JobLog.EVENTS)).contains("\"event\":\"restart_prepared\""));
    }

    @Test
    void aPidTheImageNeedsThatStaysHeldRefusesTheRestoreAndRemovesAStaleCommand() throws IOException {
        Files.writeString(chk.resolve(ErestartCriu.RESTART_CMD), "LSB_RESTART_CMD=/bin/true\n");
        world.process(JOB + 2, 1, 7); // another process took a pid of the image
        FakeWorld.Result r = erestart();
        assertEquals(1, r.code());
        assertTrue(
                log().contains("pid " + (JOB + 2) + " that the checkpoint needs is still in use by 'p" + (JOB + 2)
                        + "' after 30 s"),
                log());
        assertEquals(30_000, world.millis, 500, "it waited PID_FREE_WAIT on the ticker");
        assertFalse(
                Files.exists(chk.resolve(ErestartCriu.RESTART_CMD)), "LSF must not run an earlier attempt's command");
    }

    @Test
    void aDamagedGenerationIsSkippedForTheOlderOne() throws IOException {
        Path older = new Generations(chk).current().orElseThrow();
        world.runLimitOf42(chk, JOB);
        assertEquals(
                0,
                world.run(new EchkpntCriu(world.toolkit()), "-d", "42.tmp", Long.toString(JOB))
                        .code());
        world.processes.clear();
        Path newer = new Generations(chk).current().orElseThrow();
        assertFalse(newer.equals(older));
        Files.write(newer.resolve("pages-1.img"), new byte[10]);
        world.env.put("LSB_JOBID", "43");
        assertEquals(0, erestart().code());
        assertTrue(restartCommand().contains(" restore -D " + older + " "), restartCommand());
        assertTrue(log().contains("generation skipped: " + newer.getFileName()), log());
    }

    @Test
    void withEveryGenerationDamagedThereIsNoRestart() throws IOException {
        Path only = new Generations(chk).current().orElseThrow();
        Files.delete(only.resolve("pages-1.img"));
        assertEquals(1, erestart().code());
        assertTrue(log().contains("cannot restart: no generation can be restored: " + only.getFileName()), log());
        assertFalse(Files.exists(chk.resolve(ErestartCriu.RESTART_CMD)));
    }

    @Test
    void aHostWithoutTheDumpHostsCpuFeaturesRefusesTheRestore() throws IOException {
        world.cpuFlags = List.of("sse4_2");
        assertEquals(1, erestart().code());
        assertTrue(log().contains("not restorable on this host: this host's CPU lacks avx, avx2"), log());
        assertFalse(Files.exists(chk.resolve(ErestartCriu.RESTART_CMD)));
    }

    @Test
    void theRestoreJoinsTheRestartedJobsCgroupWhenTheSiteAsks() throws IOException {
        world.config("LSF_BINDIR=/fake/lsf/bin\nRESTORE_INTO_JOB_CGROUP=Y\n");
        assertEquals(0, erestart().code());
        assertTrue(
                restartCommand().contains(" --manage-cgroups=soft --cgroup-root /system.slice/lsf.service/job.42"),
                restartCommand());
    }

    @Test
    void aCheckpointDirectoryWithAControlCharacterGetsNoRestartCommand() throws IOException {
        Path odd = Files.createDirectories(tmp.resolve("chk/a\nb"));
        world.env.put("LSB_CHKPNT_DIR", odd.toString());
        FakeWorld.Result r = world.run(new ErestartCriu(world.toolkit()), odd.toString());
        assertEquals(4, r.code());
        assertTrue(r.err().contains("control character"), r.err());
        assertFalse(Files.exists(odd.resolve(ErestartCriu.RESTART_CMD)));
    }

    @Test
    void whatLsfNeverPassesIsAUsageOrInputError() {
        assertEquals(2, world.run(new ErestartCriu(world.toolkit())).code());
        world.env.remove("LSB_CHKPNT_DIR");
        FakeWorld.Result r = erestart();
        assertEquals(4, r.code());
        assertTrue(r.err().contains("LSB_CHKPNT_DIR is not set"), r.err());
    }

    @Test
    void aFileTheJobWroteOnAfterAPeriodicDumpIsPutBackAsItWasAtTheDump() throws IOException {
        Path out = Files.writeString(tmp.resolve("out.txt"), "1\n2\n");
        world.uid = ((Number) Files.getAttribute(out, "unix:uid")).longValue();
        world.runLimitOf42(chk, JOB);
        world.env.put("LSB_JOBID", "42");
        world.descriptors.put(
                JOB + 2,
                List.of(new criu.invoke.proc.ProcFs.Descriptor(out.toString(), "pos:\t4\nflags:\t02100001\n")));
        assertEquals(
                0,
                world.run(new EchkpntCriu(world.toolkit()), "-d", "42.tmp", Long.toString(JOB))
                        .code());
        Files.writeString(out, "1\n2\n3\n4\n"); // the job ran on after the periodic checkpoint
        world.processes.clear();
        world.env.put("LSB_JOBID", "43");
        assertEquals(0, erestart().code(), log());
        assertEquals("1\n2\n", Files.readString(out), "the restored job finds the file as it left it at the dump");
        assertTrue(log().contains("file put back as the job saw it at the dump: "), log());
        assertTrue(Files.readString(chk.resolve(JobLog.EVENTS)).contains("\"event\":\"files_reconciled\""));
    }
}
