package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed run-limit checkpoint: the site's metrics count it and its NOTIFY_COMMAND hears of it, after the kill. */
class NotifyAndMetricsTest {
    static final long JOB = EchkpntCriuTest.JOB;

    @TempDir
    Path tmp;

    FakeWorld world;
    Path chk;
    Path metrics;

    @BeforeEach
    void job() throws IOException {
        world = new FakeWorld(tmp);
        chk = Files.createDirectories(tmp.resolve("chk/42"));
        metrics = Files.createDirectories(tmp.resolve("textfile"));
        world.runLimitOf42(chk, JOB);
    }

    private Path script(String body) throws IOException {
        Path s = tmp.resolve("notify.sh");
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    private FakeWorld.Result failedRunLimitCheckpoint() {
        assertEquals(0, world.run(new TerminateAction(world.toolkit())).code());
        world.criu.dump = FakeCriu.Dump.FAILS;
        return world.run(new EchkpntCriu(world.toolkit()), "-k", "-d", "42.tmp", Long.toString(JOB));
    }

    @Test
    void theCommandGetsTheEventOnStdinAfterTheJobWasKilled() throws IOException {
        Path out = tmp.resolve("notified");
        world.config("LSF_BINDIR=/fake/lsf/bin\nJOB_TERMINATE_INTERVAL=10\nMETRICS_DIR=" + metrics + "\nNOTIFY_COMMAND="
                + script("{ cat; env; } >> " + out) + " --to ops\n");
        FakeWorld.Result r = failedRunLimitCheckpoint();
        assertEquals(1, r.code(), "the checkpoint failed as before: the notification changes nothing");
        String text = Files.readString(out);
        assertTrue(
                text.contains("\"event\":\"checkpoint_failed\"")
                        && text.contains("\"notification\":\"checkpoint_failed\""),
                text);
        assertTrue(text.contains("LSF_CRIU_EVENT=checkpoint_failed") && text.contains("LSB_JOBID=42"), text);
        assertTrue(!text.contains("LSB_CHKPNT_DIR"), "the job's environment is not the command's: " + text);
        String log = Files.readString(chk.resolve(JobLog.LOG));
        assertTrue(log.indexOf("killed the job past its run limit") < log.indexOf("notified checkpoint_failed"), log);
        String prom = Files.readString(metrics.resolve("lsf_criu_" + System.getProperty("user.name") + ".prom"));
        assertTrue(prom.contains("lsf_criu_checkpoints_total{outcome=\"failed\",reason=\"criu_failed\""), prom);
        assertTrue(prom.contains("lsf_criu_jobs_killed_total{reason=\"checkpoint_failed\""), prom);
    }

    @Test
    void aHangingOrFailingCommandIsBoundedAndOnlyLogged() throws IOException {
        world.config("LSF_BINDIR=/fake/lsf/bin\nJOB_TERMINATE_INTERVAL=10\nNOTIFY_TIMEOUT=1\nNOTIFY_COMMAND="
                + script("exec sleep 600") + "\n");
        long start = System.nanoTime();
        assertEquals(1, failedRunLimitCheckpoint().code());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "bounded by NOTIFY_TIMEOUT");
        String log = Files.readString(chk.resolve(JobLog.LOG));
        assertTrue(log.contains("NOTIFY_COMMAND failed on checkpoint_failed"), log);
    }

    @Test
    void anUnusableMetricsDirectoryCostsALogLineNotTheCheckpoint() throws IOException {
        Files.setPosixFilePermissions(metrics, PosixFilePermissions.fromString("rwxrwxrwx"));
        world.config("LSF_BINDIR=/fake/lsf/bin\nJOB_TERMINATE_INTERVAL=10\nMETRICS_DIR=" + metrics + "\n");
        assertEquals(1, failedRunLimitCheckpoint().code());
        assertTrue(Files.readString(chk.resolve(JobLog.LOG)).contains("metrics not updated"), "logged");
        try (var files = Files.list(metrics)) {
            assertEquals(0, files.count(), "nothing written into a directory anyone may swap files in");
        }
    }
}
