package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The glibc floor the build enforces ({@code jlink/scripts/check-glibc-floor}, run by
 * assemble-image on every image): the built image needs nothing above GLIBC_2.17, and a planted
 * library that needs GLIBC_2.34 fails the check, named.
 */
class GlibcFloorIT {
    static final Path CHECK = Path.of("../jlink/scripts/check-glibc-floor").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void theBuiltImageNeedsNoGlibcAbove217() {
        Run run = Run.of(
                tmp, Run.bareEnvironment(), 120, List.of(CHECK.toString(), RuntimeImageIT.IMAGE.toString(), "2.17"));
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("needs at most glibc 2."), run.out());
    }

    @Test
    void aPlantedLibraryNeedingGlibc234FailsTheCheckByName() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("image/lib"));
        Path newer = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so"); // Debian's: GLIBC_2.34
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(newer), "no Debian OpenJDK 17 to plant");
        Files.copy(newer, lib.resolve("libplanted.so"));
        Run run = Run.of(
                tmp,
                Run.bareEnvironment(),
                120,
                List.of(CHECK.toString(), tmp.resolve("image").toString(), "2.17"));
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("lib/libplanted.so needs GLIBC_2.34 (above GLIBC_2.17)"), run.err());
    }
}
