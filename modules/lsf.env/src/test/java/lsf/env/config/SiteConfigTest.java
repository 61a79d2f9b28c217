package lsf.env.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteConfigTest {
    @Test
    void parsesCommentsBlankLinesQuotesAndSpaces() {
        Map<String, String> raw = ConfigFile.parse(
                "f",
                "# comment\n\n  CRIU_BINARY = \"/opt/criu/bin/criu\"\r\n"
                        + "CRIU_DUMP_OPTIONS='--tcp-established --ext-unix-sk'\nLSF_BINDIR=\n");
        assertEquals(
                Map.of(
                        "CRIU_BINARY",
                        "/opt/criu/bin/criu",
                        "CRIU_DUMP_OPTIONS",
                        "--tcp-established --ext-unix-sk",
                        "LSF_BINDIR",
                        ""),
                raw);
        SiteConfig c = SiteConfig.of("f", raw);
        assertEquals(List.of("--tcp-established", "--ext-unix-sk"), c.words(ConfigKey.CRIU_DUMP_OPTIONS));
        assertTrue(c.isExplicit(ConfigKey.CRIU_BINARY));
        assertFalse(c.isExplicit(ConfigKey.RESTART_LIMIT_MAX));
        assertEquals(10, c.number(ConfigKey.RESTART_LIMIT_MAX));
    }

    @Test
    void theShippedConfigurationIsValidAndSetsEveryKey(@TempDir Path dir) throws IOException {
        Path shipped = Path.of("../../conf/lsf-criu.conf");
        SiteConfig c = SiteConfig.load(shipped);
        for (ConfigKey key : ConfigKey.values()) {
            assertTrue(c.isExplicit(key), key + " is not in conf/lsf-criu.conf");
        }
        Path copy = Files.copy(shipped, dir.resolve("lsf-criu.conf"));
        assertEquals(c.text(ConfigKey.CRIU_BINARY), SiteConfig.load(copy).text(ConfigKey.CRIU_BINARY));
    }

    @Test
    void defaultsAreConsistent() {
        SiteConfig d = SiteConfig.defaults();
        assertEquals(2, d.number(ConfigKey.RESTART_LIMIT_DEFAULT));
        assertEquals(180, d.number(ConfigKey.CHECKPOINT_TIMEOUT_DEFAULT));
        assertEquals(10, d.number(ConfigKey.KILL_POLL_TRIES_DEFAULT));
        assertEquals("N", d.text(ConfigKey.IMAGE_CHECKSUMS));
    }

    @Test
    void aMissingFileIsAConfigErrorNamingIt(@TempDir Path dir) {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                ConfigException.class, () -> SiteConfig.load(dir.resolve("nope.conf")));
        assertTrue(e.getMessage().startsWith("cannot read configuration " + dir.resolve("nope.conf")), e.getMessage());
    }
}
