package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import lsf.emulator.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job the toolkit does not checkpoint is killed at its run limit as LSF kills it without a
 * TERMINATE action: LSF's warning signal (SIGUSR2) first, so that a job that traps it can save its
 * own state, and SIGINT, SIGTERM, SIGKILL after RUNLIMIT_WARNING_DELAY (3 s here) if it still runs;
 * by the shell fast path (a job that did not opt in) and by the Java side (an array element).
 */
class RunLimitWarningIT {
    @TempDir
    Path tmp;

    /** A job that notes the warning in {@code mark} and then does what {@code onWarning} says. */
    static Path job(Path dir, Path mark, String onWarning) throws Exception {
        Path job = dir.resolve("saves-its-state.sh");
        Files.writeString(
                job,
                "#!/bin/sh\ntrap 'echo \"warned at $(date +%s)\" >> " + mark + "; " + onWarning + "' USR2\n"
                        + "i=0\nwhile [ $i -lt 300 ]; do /bin/sleep 0.1; i=$((i + 1)); done\nexit 0\n");
        Files.setPosixFilePermissions(job, PosixFilePermissions.fromString("rwxr-xr-x"));
        return job;
    }

    static long at(Emulator.Result r, String what) {
        return r.timeline().named(what).get(0).millis();
    }

    @Test
    void aJobThatTrapsTheWarningGetsItAndIsKilledAfterTheDelay() throws Exception {
        for (boolean fastPath : List.of(true, false)) {
            Path dir = Files.createDirectory(tmp.resolve(fastPath ? "not-opted-in" : "array-element"));
            Sim sim = new Sim(dir);
            if (fastPath) {
                sim.env.remove("ENABLE_ORUN_CHKPNT");
            } else {
                sim.jobIndex = 3;
            }
            Path mark = dir.resolve("warned");
            Emulator.Result r =
                    sim.run(3, Duration.ofSeconds(60), job(dir, mark, ":").toString());
            String log = sim.log(101);
            assertTrue(Files.readString(mark).startsWith("warned at"), "the job's trap ran: " + log);
            assertTrue(log.contains("run-limit warning: SIGUSR2 sent to process groups"), log);
            assertEquals(130, r.exitCode(), "killed by SIGINT after the delay: " + log);
            long lived = at(r, "job exit") - at(r, "run limit");
            // the delay (3 s) and the watchdog's checks; two terminate intervals (2 s) at most, and slack for this
            // machine
            assertTrue(
                    lived >= 2_500 && lived < 3_000 + 4_000 + 3_000, (fastPath ? "fast path" : "Java") + ": " + lived);
            assertTrue(
                    log.contains("watchdog: run-limit warning's delay passed and the job is still alive")
                            || log.contains("killed process groups"),
                    log);
        }
    }

    @Test
    void aJobThatEndsOnTheWarningKeepsItsOwnExitStatus() throws Exception {
        Sim sim = new Sim(tmp);
        sim.env.remove("ENABLE_ORUN_CHKPNT");
        Path mark = tmp.resolve("warned");
        Emulator.Result r =
                sim.run(3, Duration.ofSeconds(60), job(tmp, mark, "exit 5").toString());
        assertEquals(5, r.exitCode(), sim.log(101));
        assertTrue(at(r, "job exit") - at(r, "run limit") < 2_500, "it ended on the warning, not on the kill");
    }
}
