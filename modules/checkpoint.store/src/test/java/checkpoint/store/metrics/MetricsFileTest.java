package checkpoint.store.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import checkpoint.store.WriterProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics file: writers in processes of their own at once lose no count; what is not the user's is refused. */
class MetricsFileTest {
    static final int WRITERS = 20;

    @TempDir
    Path dir;

    static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    @Test
    void twentyProcessesAtOnceLoseNoCount() throws Exception {
        List<Process> all = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            all.add(writer(dir).start());
        }
        for (Process p : all) {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("a writer failed or hung");
            }
        }
        MetricsFile f = new MetricsFile(dir, "alice", uid());
        MetricsText m = MetricsText.parse(f.read());
        assertEquals(WRITERS, m.value(MetricFamily.CHECKPOINTS, "outcome=\"done\",user=\"alice\""));
        assertEquals(WRITERS * 1000.0, m.value(MetricFamily.DUMP_BYTES, "user=\"alice\""));
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of(".lsf_criu_alice.lock", "lsf_criu_alice.prom"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left");
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.file())));
    }

    /** The lock is the user's own file: a job holding it for ever cannot stall a program at its run limit. */
    @Test
    void aLockHeldForEverIsGivenUpOnInBoundedTime() throws Exception {
        MetricsFile f = new MetricsFile(dir, "alice", uid());
        f.update(List.of(MetricDelta.of(MetricFamily.WATCHDOG_KILLS, 1)));
        ProcessBuilder pb = writer(dir);
        pb.command().add("hold");
        Process holder = pb.start();
        try {
            assertEquals(
                    "held",
                    new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine());
            long start = System.nanoTime();
            IOException e = assertThrows(
                    IOException.class, () -> f.update(List.of(MetricDelta.of(MetricFamily.WATCHDOG_KILLS, 1))));
            assertTrue(e.getMessage().contains("lock stayed held"), e.getMessage());
            assertTrue(System.nanoTime() - start < 10_000_000_000L, "given up on, not waited for");
        } finally {
            holder.destroyForcibly();
        }
        assertEquals(1.0, MetricsText.parse(f.read()).value(MetricFamily.WATCHDOG_KILLS, "user=\"alice\""));
    }

    @Test
    void aDirectoryOthersWriteToMustBeSticky() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        MetricsFile f = new MetricsFile(dir, "alice", uid());
        IOException e = assertThrows(
                IOException.class, () -> f.update(List.of(MetricDelta.of(MetricFamily.WATCHDOG_KILLS, 1))));
        assertTrue(e.getMessage().contains("not sticky"), e.getMessage());
        assertTrue(Files.notExists(f.file()));
    }

    @Test
    void aLinkInPlaceOfTheFileIsRefused() throws Exception {
        Path target = Files.writeString(dir.resolve("elsewhere"), "x");
        MetricsFile f = new MetricsFile(dir, "alice", uid());
        Files.createSymbolicLink(f.file(), target);
        IOException e = assertThrows(
                IOException.class, () -> f.update(List.of(MetricDelta.of(MetricFamily.WATCHDOG_KILLS, 1))));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertEquals("x", Files.readString(target));
    }

    @Test
    void aFileOfAnotherUidIsRefused() throws Exception {
        MetricsFile mine = new MetricsFile(dir, "alice", uid());
        mine.update(List.of(MetricDelta.of(MetricFamily.WATCHDOG_KILLS, 1)));
        MetricsFile someoneElse = new MetricsFile(dir, "alice", uid() + 1);
        assertThrows(
                IOException.class, () -> someoneElse.update(List.of(MetricDelta.of(MetricFamily.WATCHDOG_KILLS, 1))));
    }

    private static ProcessBuilder writer(Path dir) {
        return WriterProcesses.java(MetricsWriterProcess.class, List.of(MetricsFile.class), List.of(dir.toString()));
    }
}
