package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import lsf.emulator.Emulator;
import lsf.emulator.SimulationImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lsf-criu doctor} on this machine after provisioning, from an image whose LSF_BINDIR names
 * the emulator's commands: every check passes but dirty-memory tracking (off on this kernel), and
 * the trial dump and restore as the ordinary test user works.
 */
class DoctorIT {
    @TempDir
    Path tmp;

    @Test
    void theProvisionedHostPassesWithTheTrialDump() throws Exception {
        Files.setPosixFilePermissions(
                tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // the trial's user runs the image
        Path lsfBin = Emulator.install(tmp.resolve("lsf"));
        Path image = SimulationImage.create(RuntimeImageIT.IMAGE, tmp.resolve("image"), lsfBin, Map.of());
        Run run = Run.of(
                tmp,
                Run.bareEnvironment(),
                180,
                List.of(
                        image.resolve("bin/lsf-criu").toString(),
                        "doctor",
                        "--as-user",
                        Sim.USER,
                        "--chkpnt-dir",
                        tmp.toString()));
        System.out.println(run.out());
        assertTrue(run.exit() == 0 || run.exit() == 5, "exit " + run.exit() + ": " + run.out() + run.err());
        assertTrue(
                run.out()
                        .matches(
                                "(?s).*PASS  trial dump and restore\\s+criu [0-9.]+ as lsfcriu: dumped at \\d+, restored.*"),
                run.out());
        for (String check : List.of(
                "configuration",
                "image permissions",
                "criu binary",
                "criu version",
                "criu check",
                "file capabilities",
                "criu configuration files",
                "LSF commands",
                "checkpoint dir owner")) {
            assertTrue(run.out().contains("PASS  " + check), check + " did not pass: " + run.out());
        }
        assertFalse(run.out().contains("FAIL"), run.out());
        Run json = Run.of(
                tmp,
                Run.bareEnvironment(),
                120,
                List.of(image.resolve("bin/lsf-criu").toString(), "doctor", "--json", "--as-user", Sim.USER));
        assertTrue(json.out().contains("\"name\" : \"criu check\""), json.out());
        assertEquals(run.exit(), json.exit());
    }

    /**
     * A criu that passes {@code criu check} but hangs in every dump (as criu 4.1.1 on these hosts):
     * the default trial FAILs it with the diagnosis, within its bound; {@code --quick} skips the
     * trial and says so.
     */
    @Test
    void aCriuThatPassesItsCheckButHangsInDumpFailsTheTrial() throws Exception {
        Files.setPosixFilePermissions(
                tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // the trial's user runs the image
        Path lsfBin = Emulator.install(tmp.resolve("lsf"));
        Path fake = HangingCriu.write(tmp);
        Path image = SimulationImage.create(
                RuntimeImageIT.IMAGE, tmp.resolve("image"), lsfBin, Map.of("CRIU_BINARY", fake.toString()));
        long start = System.nanoTime();
        Run run = Run.of(
                tmp,
                Run.bareEnvironment(),
                120,
                List.of(image.resolve("bin/lsf-criu").toString(), "doctor", "--as-user", Sim.USER));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(6, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("PASS  criu check"), "the fake passes criu check: " + run.out());
        assertTrue(
                run.out()
                        .matches("(?s).*FAIL  trial dump and restore\\s+criu 4\\.1\\.1: dump did not finish within 20 s"
                                + " on this host \\(kernel [^,]+, CPU [^)]+\\): this criu hangs here.*"),
                run.out());
        assertTrue(run.out().contains("install criu >= 4.2"), run.out());
        assertTrue(seconds < 60, "the trial is bounded: " + seconds + " s");
        Run quick = Run.of(
                tmp,
                Run.bareEnvironment(),
                60,
                List.of(image.resolve("bin/lsf-criu").toString(), "doctor", "--quick"));
        assertTrue(quick.out().contains("SKIP  trial dump and restore"), quick.out());
        assertTrue(quick.out().contains("not run (--quick)"), quick.out());
    }

    @Test
    void theShippedConfigurationFailsTheLsfCheckUntilLsfBindirIsSet() {
        Run run = Run.of(
                tmp,
                Run.bareEnvironment(),
                120,
                List.of(RuntimeImageIT.program("lsf-criu").toString(), "doctor", "--quick"));
        assertEquals(6, run.exit(), run.out());
        assertTrue(run.out().contains("FAIL  LSF commands"), run.out());
    }
}
