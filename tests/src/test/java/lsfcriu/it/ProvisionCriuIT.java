package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlink/scripts/provision-criu} chooses criu by a trial, not by {@code criu check}: a criu
 * that passes its check but hangs in dump is rejected with the reason; the provisioned criu passes
 * the trial as root and as the ordinary test user with the least-privilege capabilities.
 */
class ProvisionCriuIT {
    static final Path SCRIPT = Path.of("../jlink/scripts/provision-criu");

    @TempDir
    Path tmp;

    @Test
    void aCriuThatPassesItsCheckButHangsInDumpIsRejected() throws Exception {
        Path fake = HangingCriu.write(tmp);
        Run run = Run.of(
                tmp,
                Run.bareEnvironment(),
                60,
                List.of(
                        SCRIPT.toAbsolutePath().toString(),
                        "--prefix",
                        tmp.resolve("prefix").toString(),
                        "--system-criu",
                        fake.toString(),
                        "--no-download",
                        "--trial-timeout",
                        "3"));
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(
                run.err()
                        .contains("rejected the system's criu (" + fake + ", criu 4.1.1): as root: dump did not"
                                + " finish within 3 s"),
                run.err());
        assertTrue(run.err().contains("no criu passed the trial"), run.err());
        assertTrue(!Files.exists(tmp.resolve("prefix/bin/criu")), "nothing provisioned");
    }

    @Test
    void theProvisionedCriuPassesAsRootAndAsTheUserWithLeastPrivilege() {
        Run run = Run.of(
                tmp,
                Run.bareEnvironment(),
                120,
                List.of(SCRIPT.toAbsolutePath().toString(), "--setcap", "--user", Sim.USER, "--no-download"));
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(
                run.out()
                        .matches("(?s).*chose the provisioned criu: criu 4\\.[2-9][0-9.]* .*file capabilities"
                                + " cap_checkpoint_restore(,cap_setpcap)?=ep, trial passed as root and as " + Sim.USER
                                + ".*"),
                run.out());
        assertTrue(!run.out().contains("cap_sys_admin") && !run.out().contains("cap_sys_ptrace"), run.out());
    }
}
