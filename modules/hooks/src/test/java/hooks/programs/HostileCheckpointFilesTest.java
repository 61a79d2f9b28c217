package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import lsf.env.JobEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small files the restart command leaves in the checkpoint directory (the restored root's pid,
 * the marker of a restore that ran) are the job user's: a FIFO, a link or garbage in their place
 * never blocks a program, nor is it taken for a pid or a job id.
 */
class HostileCheckpointFilesTest {
    @TempDir
    Path chk;

    static void fifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).start();
        assertEquals(0, mk.waitFor());
    }

    @Test
    void theRestoredRootIsAPidOrNothing() throws Exception {
        Path pidFile = chk.resolve(ErestartCriu.PID_FILE);
        assertEquals(Optional.empty(), EchkpntCriu.restoredRoot(chk), "no file");
        Files.writeString(pidFile, "4242\n");
        assertEquals(Optional.of(4242L), EchkpntCriu.restoredRoot(chk));
        for (String junk : new String[] {"-1", "42 43", "1e9", "99999999999", "x".repeat(100)}) {
            Files.writeString(pidFile, junk);
            assertEquals(Optional.empty(), EchkpntCriu.restoredRoot(chk), junk);
        }
        Files.delete(pidFile);
        Path elsewhere = Files.writeString(chk.resolveSibling("elsewhere-" + chk.getFileName()), "1");
        Files.createSymbolicLink(pidFile, elsewhere);
        assertEquals(Optional.empty(), EchkpntCriu.restoredRoot(chk), "a link is not followed");
        Files.delete(pidFile);
        fifo(pidFile);
        assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> assertEquals(Optional.empty(), EchkpntCriu.restoredRoot(chk)),
                "a FIFO must not block echkpnt.criu");
    }

    @Test
    void theRestoreMarkerNamesThisJobOrItDidNotRun() throws Exception {
        JobEnvironment env = JobEnvironment.of(Map.of("LSB_JOBID", "43"));
        Path marker = chk.resolve(PostExec.RESTORE_STARTED);
        assertFalse(PostExec.restoreRan(chk, env));
        Files.writeString(marker, "43\n");
        assertTrue(PostExec.restoreRan(chk, env));
        Files.writeString(marker, "42\n");
        assertFalse(PostExec.restoreRan(chk, env), "another instance's restore");
        Files.delete(marker);
        fifo(marker);
        assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> assertFalse(PostExec.restoreRan(chk, env)),
                "a FIFO must not block POST_EXEC");
    }
}
