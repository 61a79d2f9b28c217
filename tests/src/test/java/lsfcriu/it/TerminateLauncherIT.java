package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lsf.emulator.Emulator;
import lsf.emulator.SimulationImage;
import lsf.env.CheckpointDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TERMINATE launcher's shell halves, on real process groups: the fast path kills a job that
 * did not opt in without starting Java, and the safety net kills the job when Java fails.
 */
class TerminateLauncherIT {
    @TempDir
    Path tmp;

    Process job() throws Exception {
        Process p = new ProcessBuilder("setsid", "sh", "-c", "while :; do sleep 0.1; done")
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Thread.sleep(200);
        return p;
    }

    Map<String, String> env(Process job) {
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.put("LSB_JOBID", "7");
        env.put("LSB_JOBPGIDS", job.pid() + " ");
        env.put("LSB_CHKPNT_DIR", tmp.toString());
        return env;
    }

    @Test
    void aJobThatDidNotOptInIsKilledWithoutJava() throws Exception {
        Process job = job();
        Map<String, String> env = env(job);
        env.put("LSB_SUSP_REASONS", "131072");
        env.put("LSB_SUSP_SUBREASONS", "1");
        Run run = Run.of(
                tmp,
                env,
                60,
                List.of(RuntimeImageIT.program("lsf-criu-terminate").toString()));
        assertEquals(0, run.exit(), run.err());
        assertTrue(job.waitFor(5, TimeUnit.SECONDS), "the job survived");
        String log = Files.readString(tmp.resolve(CheckpointDir.LOG));
        assertTrue(log.contains("lsf-criu-terminate job 7: decision KILL_NORMALLY: job did not opt in"), log);
        assertTrue(log.contains("run-limit warning: SIGUSR2 sent to process groups [" + job.pid() + "]"), log);
        assertFalse(log.contains("setting ORUN_"), "the JVM ran: " + log);
        java.util.Map<String, Object> event = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(
                Files.readAllLines(tmp.resolve(CheckpointDir.EVENTS)).get(0));
        assertEquals("terminate_decision", event.get("event"));
        assertEquals("KILL_NORMALLY", event.get("action"));
    }

    @Test
    void whenJavaCannotRunTheLauncherStillKillsTheJob() throws Exception {
        Path lsfBin = Emulator.install(tmp.resolve("lsf"));
        Path image = SimulationImage.create(RuntimeImageIT.IMAGE, tmp.resolve("image"), lsfBin, Map.of());
        Path java = image.resolve("bin/java");
        Files.delete(java);
        Files.writeString(java, "#!/bin/sh\necho 'Error: broken runtime' >&2\nexit 1\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process job = job();
        Map<String, String> env = env(job);
        env.put("ENABLE_ORUN_CHKPNT", "Y");
        env.put("LSB_SUSP_REASONS", "131072");
        env.put("LSB_SUSP_SUBREASONS", "1");
        Run run = Run.of(
                tmp, env, 60, List.of(image.resolve("bin/lsf-criu-terminate").toString()));
        assertEquals(1, run.exit(), run.err());
        assertTrue(job.waitFor(5, TimeUnit.SECONDS), "the job survived a broken runtime");
        assertTrue(Files.readString(tmp.resolve(CheckpointDir.LOG))
                .contains("the TERMINATE action's Java side exited 1: killing the job"));
        // no state was written: POST_EXEC will find nothing to decide, so the kill's cause is an event here
        Map<String, Object> killed = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(
                Files.readAllLines(tmp.resolve(CheckpointDir.EVENTS)).get(0));
        assertEquals("job_killed", killed.get("event"), killed.toString());
        assertEquals("the TERMINATE action's Java side exited 1", killed.get("reason"), killed.toString());
        assertTrue(List.of("INT", "TERM", "KILL").contains(killed.get("signal")), "as JobKiller's: " + killed);
    }
}
