package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lsf.emulator.Emulator;
import lsf.env.CheckpointDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile job owner puts into the environment or the checkpoint directory's path: a PATH
 * with a 'sleep' and 'date' that hang, a job id that would forge log and event lines, a checkpoint
 * directory whose path holds a newline, a stale restart command. None of it keeps a job alive,
 * forges a record or leaves a broken restart command behind.
 */
class HostileInputIT {
    @TempDir
    Path tmp;

    /** A 'sleep' and 'date' of the job owner's first on PATH: the kill path never runs them. */
    @Test
    void aHostilePathDoesNotHangTheKill() throws Exception {
        Sim sim = new Sim(tmp);
        Path evil = Files.createDirectories(tmp.resolve("evil-bin"));
        for (String tool : List.of("sleep", "date")) {
            Path p = evil.resolve(tool);
            Files.writeString(p, "#!/bin/sh\nexec /bin/sleep 1000\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        sim.env.put("PATH", evil + ":/usr/bin:/bin");
        sim.env.put("ENABLE_ORUN_CHKPNT", "N");
        long start = System.nanoTime();
        Emulator.Result r = sim.run(3, Duration.ofSeconds(60), "/bin/sh", "-c", "while :; do /bin/sleep 0.2; done");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(List.of(101L), r.jobIds());
        assertEquals(140, r.exitCode(), "killed by the TERMINATE action's run-limit warning, SIGUSR2");
        assertTrue(seconds < 30, "the kill path ran the job owner's sleep: " + seconds + " s");
        assertTrue(
                sim.log(101).contains("decision KILL_NORMALLY: job opted out (ENABLE_ORUN_CHKPNT is N)"), sim.log(101));
    }

    /** A job id with quotes and a newline: the shell halves print no forged line into the log or the events. */
    @Test
    void aForgedJobIdWritesNoForgedLines() throws Exception {
        Process job = new ProcessBuilder("setsid", "sh", "-c", "while :; do sleep 0.1; done")
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Thread.sleep(200);
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.put("LSB_JOBID", "7\",\"event\":\"forged\"}\n{\"event\":\"forged");
        env.put("LSB_JOBPGIDS", job.pid() + " ");
        env.put("LSB_CHKPNT_DIR", tmp.toString());
        Run run = Run.of(
                tmp,
                env,
                60,
                List.of(RuntimeImageIT.program("lsf-criu-terminate").toString()));
        assertEquals(0, run.exit(), run.err());
        assertTrue(job.waitFor(5, TimeUnit.SECONDS), "the job survived");
        List<String> events = Files.readAllLines(tmp.resolve(CheckpointDir.EVENTS));
        for (String line : events) {
            Map<String, Object> e = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(line);
            assertFalse("forged".equals(e.get("event")), line);
        }
        assertFalse(
                Files.readString(tmp.resolve(CheckpointDir.LOG)).contains("forged"),
                Files.readString(tmp.resolve(CheckpointDir.LOG)));
    }

    /** erestart.criu refuses a checkpoint path with a newline, and removes a stale .restart_cmd when it fails. */
    @Test
    void erestartLeavesNoBrokenOrStaleRestartCommand() throws Exception {
        Path odd = Files.createDirectories(tmp.resolve("chk\nLSB_RESTART_CMD=evil/12"));
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.putAll(
                Map.of("LSB_JOBID", "12", "LSB_OLD_JOBID", "11", "LSB_RESTART", "Y", "LSB_CHKPNT_DIR", odd.toString()));
        Run newline = Run.of(
                tmp, env, 60, List.of(RuntimeImageIT.program("erestart.criu").toString(), "12"));
        assertEquals(4, newline.exit(), newline.out() + newline.err());
        assertTrue(newline.err().contains("control character"), newline.err());
        assertFalse(Files.exists(odd.resolve(CheckpointDir.RESTART_CMD)));

        Path chk = Files.createDirectories(tmp.resolve("chk/12"));
        Files.writeString(chk.resolve(CheckpointDir.RESTART_CMD), "LSB_RESTART_CMD=/bin/true\n");
        env.put("LSB_CHKPNT_DIR", chk.toString());
        Run stale = Run.of(
                tmp, env, 60, List.of(RuntimeImageIT.program("erestart.criu").toString(), "12"));
        assertEquals(1, stale.exit(), stale.out() + stale.err());
        assertFalse(
                Files.exists(chk.resolve(CheckpointDir.RESTART_CMD)),
                "a stale restart command would run in place of the job");
        assertTrue(Files.readString(chk.resolve(CheckpointDir.LOG))
                .contains("removed a stale " + CheckpointDir.RESTART_CMD + ""));
    }
}
