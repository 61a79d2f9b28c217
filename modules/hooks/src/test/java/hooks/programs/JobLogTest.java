package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's log, and where its lines go when the checkpoint directory cannot be written. */
class JobLogTest {
    @TempDir
    Path tmp;

    @Test
    void linesGoToTheCheckpointDirectoryAndNotToTheFallback() throws Exception {
        List<String> fallback = new ArrayList<>();
        new JobLog("echkpnt.criu", "job 5", Optional.of(tmp), fallback::add, java.time.Clock.systemUTC())
                .error("checkpoint failed");
        assertTrue(Files.readString(tmp.resolve(JobLog.LOG)).contains("ERROR"));
        assertEquals(List.of(), fallback);
    }

    @Test
    void aDiscardedConsoleLogKeepsEveryLineOfTheJobsLog() throws Exception {
        List<String> fallback = new ArrayList<>();
        JobLog log = new JobLog(
                "echkpnt.criu",
                "job 5",
                Optional.of(tmp),
                fallback::add,
                java.time.Clock.systemUTC(),
                hooks.cli.ConsoleLog.NONE);
        log.info("checkpoint of process group 7, then kill");
        log.error("checkpoint failed");
        log.event("checkpoint_failed", Map.of("status", "CRIU_FAILED"));
        List<String> lines = Files.readAllLines(tmp.resolve(JobLog.LOG));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(
                lines.get(0).contains(" INFO [")
                        && lines.get(0).endsWith("echkpnt.criu job 5: checkpoint of" + " process group 7, then kill"),
                lines.get(0));
        assertTrue(lines.get(1).contains(" ERROR [") && lines.get(1).endsWith("checkpoint failed"), lines.get(1));
        assertTrue(Files.readString(tmp.resolve(JobLog.EVENTS)).contains("\"event\":\"checkpoint_failed\""));
        assertEquals(List.of(), fallback);
    }

    @Test
    void anUnwritableCheckpointDirectorySendsEachLineToTheFallback() {
        List<String> fallback = new ArrayList<>();
        JobLog log = new JobLog(
                "echkpnt.criu", "job 5", Optional.of(tmp.resolve("gone")), fallback::add, java.time.Clock.systemUTC());
        log.error("checkpoint failed (IO_ERROR): cannot create a generation");
        log.event("checkpoint_failed", Map.of("status", "IO_ERROR"));
        assertEquals(1, fallback.size(), fallback.toString());
        assertTrue(fallback.get(0).startsWith("echkpnt.criu job 5: "), fallback.get(0));
        assertTrue(
                fallback.get(0).contains("ERROR [") && fallback.get(0).contains("checkpoint failed (IO_ERROR)"),
                fallback.get(0));
        assertTrue(
                fallback.get(0).contains("(cannot write " + tmp.resolve("gone").resolve(JobLog.LOG)), fallback.get(0));
    }

    @Test
    void theSitesFallbackFileGetsTheLineAndIsNeverCreated() throws Exception {
        Path file = Files.createFile(tmp.resolve("fallback.log"));
        JobLog.Fallback.of(file.toString(), criu.invoke.process.ChildRunner.SYSTEM)
                .write("echkpnt.criu job 5: checkpoint failed");
        assertEquals("echkpnt.criu job 5: checkpoint failed\n", Files.readString(file));
        Path absent = tmp.resolve("absent.log");
        JobLog.Fallback.of(absent.toString(), criu.invoke.process.ChildRunner.SYSTEM)
                .write("lost");
        assertTrue(Files.notExists(absent), "the fallback file is the site's to create");
        Path link = Files.createSymbolicLink(tmp.resolve("link.log"), file);
        JobLog.Fallback.of(link.toString(), criu.invoke.process.ChildRunner.SYSTEM)
                .write("through a link");
        assertEquals("echkpnt.criu job 5: checkpoint failed\n", Files.readString(file), "a link is not followed");
    }

    @Test
    void logFallbackInTheSiteConfigurationChoosesWhereLinesGo() throws Exception {
        Path conf = tmp.resolve("lsf-criu.conf");
        Path file = Files.createFile(tmp.resolve("fallback.log"));
        Files.writeString(conf, "LOG_FALLBACK=" + file + "\n");
        JobLog log = new JobLog(
                "echkpnt.criu",
                "job 5",
                Optional.of(tmp.resolve("gone")),
                () -> lsf.env.config.SiteConfig.load(conf),
                criu.invoke.process.ChildRunner.SYSTEM,
                java.time.Clock.systemUTC(),
                hooks.cli.ConsoleLog.TINYLOG);
        log.error("checkpoint failed (IO_ERROR)");
        assertTrue(Files.readString(file).contains("checkpoint failed (IO_ERROR)"), Files.readString(file));
        Files.writeString(conf, "LOG_FALLBACK=relative.log\n");
        lsf.env.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                lsf.env.config.ConfigException.class, () -> lsf.env.config.SiteConfig.load(conf));
        assertTrue(
                e.getMessage().contains("LOG_FALLBACK=relative.log must be syslog, none or an absolute path"),
                e.getMessage());
    }

    @Test
    void aLineTheCheckpointDirectoryCannotTakeGoesToSyslogThroughTheChildRunner() {
        List<List<String>> runs = new java.util.ArrayList<>();
        criu.invoke.process.ChildRunner children = (command, env, timeout, log) -> {
            runs.add(command);
            return new criu.invoke.process.CriuResult(command, 0, "", "", false, List.of(), java.time.Duration.ZERO);
        };
        JobLog log = new JobLog(
                "echkpnt.criu",
                "job 5",
                Optional.of(tmp.resolve("gone")),
                lsf.env.config.SiteConfig::defaults,
                children,
                java.time.Clock.systemUTC(),
                hooks.cli.ConsoleLog.TINYLOG);
        log.error("checkpoint failed");
        assertEquals(1, runs.size(), "LOG_FALLBACK defaults to syslog");
        assertEquals(
                List.of("/usr/bin/logger", "-t", "lsf-criu", "-p", "user.warning", "--"),
                runs.get(0).subList(0, 6));
        assertTrue(
                runs.get(0).get(6).startsWith("echkpnt.criu job 5: "),
                runs.get(0).get(6));
        assertTrue(runs.get(0).get(6).contains("checkpoint failed"), runs.get(0).get(6));
    }
}
