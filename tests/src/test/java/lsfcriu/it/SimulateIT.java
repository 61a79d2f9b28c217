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

    @Test
    void badArgumentsAreOneLineAndExitTwo() {
        Run run = Run.of(tmp, Run.bareEnvironment(), 60, List.of(RuntimeImageIT.program("lsf-criu").toString(), "simulate",
                "--mode", "slurm", "--", "true"));
        assertEquals(2, run.exit());
        assertEquals("lsf-criu: --mode must be ibm or openlava, not slurm (see lsf-criu --help)", run.err().strip());
    }
}
