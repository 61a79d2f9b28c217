package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.image.Generations;
import criu.invoke.image.ImageFiles;
import criu.invoke.image.Manifest;
import criu.invoke.proc.HostInfo;
import criu.invoke.proc.ProcFs;
import criu.invoke.process.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection with a scriptable fake criu: it fails, hangs, exits 0 without an image, or
 * writes a partial image. Each gives its outcome, removes its partial generation and leaves the
 * previous generation current, which the real criu then restores in the same test.
 */
class FakeCriuTest {
    @TempDir
    Path tmp;

    /** A fake criu that finds its -D directory and then runs {@code body} there. */
    Path fake(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(
                p,
                "#!/bin/sh\nD=\nwhile [ $# -gt 0 ]; do [ \"$1\" = -D ] && D=$2; shift; done\ncd \"$D\" || exit 9\n"
                        + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    DumpOutcome dumpWith(Path criu, Path chk, long pgid, Duration timeout) {
        return new Dumper(criu, ProcFs.system(), HostInfo.local("fake"))
                .dump(new Dumper.Request(
                        chk, pgid, CriuCommand.AfterDump.KEEP_RUNNING, false, List.of(), timeout, 2, false));
    }

    @Test
    void everyFaultLeavesThePreviousGenerationCurrentAndRestorable() throws Exception {
        RealCriu real = RealCriu.asRoot();
        Path chk = tmp.resolve("chk");
        Path jobDir = Files.createDirectory(tmp.resolve("a"));
        TestJob job = TestJob.start(jobDir, 100, 0, false);
        DumpOutcome good = real.dump(chk, job.pgid(), CriuCommand.AfterDump.LEAVE_STOPPED);
        assertTrue(good.dumped(), good.message());
        Path gen1 = good.generation().get();
        TestJob.killGroup(job.pgid());
        job.leader.waitFor(10, TimeUnit.SECONDS);
        int atDump = job.numbers().size();

        // a live group for the fake dumps to aim at
        TestJob target = TestJob.start(Files.createDirectory(tmp.resolve("b")), 100_000, 0, false);
        long pgid = target.pgid();
        try {
            Path partialCopy = tmp.resolve("partial-src");
            Files.createDirectory(partialCopy);
            Files.write(
                    partialCopy.resolve("pstree.img"),
                    java.util.Arrays.copyOf(Files.readAllBytes(gen1.resolve("pstree.img")), 20));
            Files.copy(gen1.resolve("inventory.img"), partialCopy.resolve("inventory.img"));

            expect(
                    dumpWith(
                            fake(
                                    "fails",
                                    "echo 'Error (criu/cr-dump.c:2093): Dumping FAILED.' > dump.log; "
                                            + "echo boom >&2; exit 1"),
                            chk,
                            pgid,
                            Duration.ofSeconds(30)),
                    DumpOutcome.Status.CRIU_FAILED,
                    "criu dump failed: ",
                    chk,
                    gen1);
            long start = System.nanoTime();
            // a nap no other process on the machine has: only this test's own processes are looked at
            String nap =
                    "600." + java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
            expect(
                    dumpWith(fake("hangs", "echo started > dump.log; sleep " + nap), chk, pgid, Duration.ofSeconds(2)),
                    DumpOutcome.Status.CRIU_TIMED_OUT,
                    "criu dump did not finish within 2 s and was killed",
                    chk,
                    gen1);
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "the hung criu was not killed in time");
            assertFalse(
                    ProcessHandle.allProcesses()
                            .filter(p -> p.info()
                                    .user()
                                    .equals(ProcessHandle.current().info().user()))
                            .anyMatch(p -> p.info().commandLine().orElse("").contains("sleep " + nap)),
                    "the hung criu's child survived");
            expect(
                    dumpWith(fake("no-image", "exit 0"), chk, pgid, Duration.ofSeconds(30)),
                    DumpOutcome.Status.INCOMPLETE_IMAGE,
                    "criu dump exited 0 but the image is incomplete",
                    chk,
                    gen1);
            expect(
                    dumpWith(fake("partial", "cp " + partialCopy + "/* . ; exit 0"), chk, pgid, Duration.ofSeconds(30)),
                    DumpOutcome.Status.INCOMPLETE_IMAGE,
                    "criu dump exited 0 but the image is incomplete (pstree image" + " truncated",
                    chk,
                    gen1);
            expect(
                    dumpWith(
                            fake("no-core", "cp " + gen1 + "/pstree.img " + gen1 + "/inventory.img . ; exit 0"),
                            chk,
                            pgid,
                            Duration.ofSeconds(30)),
                    DumpOutcome.Status.INCOMPLETE_IMAGE,
                    "criu dump exited 0 but the image is" + " incomplete (core-",
                    chk,
                    gen1);
        } finally {
            TestJob.killGroup(pgid);
        }

        real.restore(chk);
        job.awaitLines(atDump + 5);
        TestJob.assertContinuous(job.numbers());
    }

    static void expect(DumpOutcome o, DumpOutcome.Status status, String messageStart, Path chk, Path current)
            throws IOException {
        assertEquals(status, o.status(), o.message());
        assertTrue(o.message().startsWith(messageStart), o.message());
        assertEquals(current, new Generations(chk).current().orElseThrow());
        try (var s = Files.list(new Generations(chk).base())) {
            assertEquals(
                    List.of(), s.filter(p -> p.toString().endsWith(".partial")).toList(), "partial left behind");
        }
        assertTrue(ImageFiles.verify(current).problem().isEmpty(), "the current generation no longer verifies");
    }

    @Test
    void aTruncatedOrMissingImageFileIsRefusedBeforeRestore() throws Exception {
        Path chk = tmp.resolve("chk2");
        TestJob job = TestJob.start(Files.createDirectory(tmp.resolve("c")), 100_000, 0, false);
        try {
            assertTrue(RealCriu.asRoot()
                    .dump(chk, job.pgid(), CriuCommand.AfterDump.KEEP_RUNNING)
                    .dumped());
        } finally {
            TestJob.killGroup(job.pgid());
        }
        Path gen = new Generations(chk).current().orElseThrow();
        Restorer restorer = new Restorer(ProcFs.system(), Ticker.system());
        Path pages = Files.list(gen)
                .filter(p -> p.getFileName().toString().startsWith("pages-"))
                .findFirst()
                .orElseThrow();
        byte[] bytes = Files.readAllBytes(pages);
        Files.write(pages, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Restorer.Plan truncated = restorer.prepare(chk, Duration.ofSeconds(1));
        assertEquals(
                "no generation can be restored: gen-000001: image file " + pages + " is " + bytes.length / 2
                        + " bytes, the manifest says " + bytes.length + ": truncated",
                truncated.problem().orElseThrow());
        Files.write(pages, bytes);
        Files.write(pages, new byte[] {1}, java.nio.file.StandardOpenOption.WRITE); // same size, other bytes
        assertEquals(
                "no generation can be restored: gen-000001: image file " + pages + " does not match its SHA-256 in the"
                        + " manifest",
                restorer.prepare(chk, Duration.ofSeconds(1)).problem().orElseThrow());
        Files.delete(pages);
        assertEquals(
                "no generation can be restored: gen-000001: image file " + pages + " is missing",
                restorer.prepare(chk, Duration.ofSeconds(1)).problem().orElseThrow());
        Files.delete(gen.resolve(Manifest.NAME));
        assertTrue(restorer.prepare(chk, Duration.ofSeconds(1))
                .problem()
                .orElseThrow()
                .contains("has no readable manifest"));
        assertEquals(
                "no checkpoint to restore: " + tmp.resolve("none/criu") + " holds no complete generation",
                restorer.prepare(tmp.resolve("none"), Duration.ofSeconds(1))
                        .problem()
                        .orElseThrow());
    }
}
