package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.image.Generations;
import criu.invoke.image.Manifest;
import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real criu, twice over: a job (shell, child, pipe, O_APPEND file) is dumped and killed,
 * restored, dumped again from the restored tree and restored again; its output goes on from where
 * it was each time, without a gap or a repeat. As root, and as an ordinary user with file
 * capabilities on the provisioned criu.
 */
class RealCriuDumpRestoreTest {
    @TempDir
    Path tmp;

    @Test
    void asRoot() throws Exception {
        cycle(RealCriu.asRoot(), tmp, false);
    }

    @Test
    void asAnOrdinaryUserWithFileCapabilities() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestJob.isRoot(), "switching to the test user needs root");
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = Files.createDirectory(tmp.resolve("user"));
        TestJob.run(List.of("chown", TestJob.USER, dir.toString()));
        assertTrue(
                Files.getOwner(dir).getName().equals(TestJob.USER),
                "user " + TestJob.USER + " missing: tests/run-all creates it");
        cycle(RealCriu.asUser(tmp), dir, true);
    }

    static void cycle(RealCriu criu, Path dir, boolean asUser) throws Exception {
        Path chk = dir.resolve("chk");
        if (asUser) {
            TestJob.run(List.of("runuser", "-u", TestJob.USER, "--", "mkdir", chk.toString()));
        }
        TestJob job = TestJob.start(dir, 120, 7, asUser);
        long pgid = job.pgid();
        DumpOutcome first = criu.dump(chk, pgid, CriuCommand.AfterDump.LEAVE_STOPPED);
        assertTrue(first.dumped(), first.message());
        assertNotEquals(pgid, first.rootPid().get(), "the group leader is not dumped");
        assertTrue(first.stats().get("frozen_time_us") > 0, first.stats().toString());
        if (asUser) {
            assertEquals(
                    TestJob.USER,
                    Files.getOwner(new Generations(chk).current().orElseThrow()).getName());
        }
        assertTrue(first.stats().get("image_bytes") > 0);
        Manifest manifest = Manifest.parse(
                Files.readString(new Generations(chk).current().orElseThrow().resolve(Manifest.NAME)));
        assertTrue(
                manifest.criuVersion().matches("\\d+\\.\\d+\\.\\d+"),
                "criu's version, from its dump log: " + manifest.criuVersion());
        TestJob.killGroup(pgid);
        job.leader.waitFor(10, TimeUnit.SECONDS);
        int atFirstDump = job.numbers().size();

        long root = criu.restore(chk);
        ProcStat restored = ProcFs.system().stat(root).orElseThrow();
        assertNotEquals(root, restored.pgid(), "restored root joined the restoring session's group");
        job.awaitLines(atFirstDump + 10);
        TestJob.assertContinuous(job.numbers());

        DumpOutcome second = criu.dump(chk, restored.pgid(), CriuCommand.AfterDump.LEAVE_STOPPED);
        assertTrue(second.dumped(), second.message());
        assertEquals(root, second.rootPid().get(), "the restored tree is dumped, not what ran the restore");
        assertEquals(
                "gen-000002",
                new Generations(chk).current().orElseThrow().getFileName().toString());
        TestJob.killGroup(restored.pgid());
        int atSecondDump = job.numbers().size();
        assertTrue(atSecondDump > atFirstDump);

        criu.restore(chk);
        for (int i = 0; i < 400 && !Files.readString(job.out).contains("done"); i++) {
            TestJob.sleep(50);
        }
        assertTrue(Files.readString(job.out).endsWith("done\n"), Files.readString(job.out));
        List<Integer> all = job.numbers();
        TestJob.assertContinuous(all);
        assertEquals(120, all.size());
        assertPrunedTo(chk, 2);
    }

    static void assertPrunedTo(Path chk, int keep) throws IOException {
        try (var s = Files.list(new Generations(chk).base())) {
            assertEquals(
                    keep,
                    s.filter(p -> p.getFileName().toString().matches("gen-\\d{6}"))
                            .count());
        }
    }
}
