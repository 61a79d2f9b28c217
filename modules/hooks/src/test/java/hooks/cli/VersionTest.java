package hooks.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --version}: the build's version, read from the resource beside {@link Version}. */
class VersionTest {
    @Test
    void theVersionLineNamesTheProgramAndTheBuildsVersion() {
        String line = Version.line("echkpnt.criu");
        assertTrue(line.matches("echkpnt\\.criu \\(lsf-criu\\) [0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)? on Java .*"), line);
    }
}
