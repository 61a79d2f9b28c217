package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lsf-criu simulate} from the image, as an administrator runs it. */
class SimulateIT {
    @TempDir
    Path tmp;

    @Test
    void exitsWithTheJobsExitStatus() {
        Run run = Run.of(tmp, Run.bareEnvironment(), 120, List.of(RuntimeImageIT.program("lsf-criu").toString(), "simulate",
                "--work-dir", tmp.resolve("w").toString(), "--", "sh", "-c", "exit 7"));
        assertEquals(7, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("job 101 exited 7"), run.out());
        assertTrue(run.out().contains("Timeline:"), run.out());
    }

    /** {@code --user}: the job and every program run as that user, through directories it owns; the cycle completes. */
    @Test
    void asAnotherUserTheCycleRunsInThatUsersOwnDirectories() throws Exception {
        java.nio.file.Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path work = tmp.resolve("w");
        Run run = Run.of(tmp, java.util.Map.of("PATH", "/usr/bin:/bin", "HOME", "/tmp", "STEP", "0.2"), 180, List.of(
                RuntimeImageIT.program("lsf-criu").toString(), "simulate", "--user", Sim.USER, "--run-limit", "4",
                "--restart-limit", "1", "--work-dir", work.toString(), "--",
                RuntimeImageIT.IMAGE.resolve("examples/counter.sh").toString(), "30"));
        assertEquals(7, run.exit(), "the example job's own exit status: " + run.out() + run.err());
        assertTrue(run.out().contains("restart 1 of 1: job 102 resumed"), run.out());
        for (Path p : List.of(work.resolve("chk"), work.resolve("out"), work.resolve("out/job.out"))) {
            assertEquals(Sim.USER, java.nio.file.Files.getOwner(p).getName(), p.toString());
        }
        Path spool = work.resolve("lsf/spool/req");
        assertEquals(Sim.USER, java.nio.file.Files.getOwner(spool).getName(), "the spool is the job user's in --user mode");
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(spool)));
        assertEquals("root", java.nio.file.Files.getOwner(work.resolve("image/conf/lsf-criu.conf")).getName(),
                "the image the programs run from stays root's");
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() {
        Run run = Run.of(tmp, Run.bareEnvironment(), 60, List.of(RuntimeImageIT.program("lsf-criu").toString(), "simulate",
                "--mode", "slurm", "--", "true"));
        assertEquals(2, run.exit());
        assertEquals("lsf-criu: --mode must be ibm or openlava, not slurm (see lsf-criu --help)", run.err().strip());
    }
}
