package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import criu.invoke.image.CriuStats;
import criu.invoke.image.Generations;
import criu.invoke.image.Manifest;
import criu.invoke.image.PstreeImage;
import criu.invoke.proc.CriuVersion;
import criu.invoke.proc.HostFingerprint;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** argv building, stats, pstree parsing, versions and manifests: no process started. */
class PureCriuPartsTest {
    static final Path CRIU = Path.of("/opt/criu");

    @Test
    void dumpArgvKeepsRunningOrLeavesStopped() {
        assertEquals(
                List.of(
                        "/opt/criu",
                        "dump",
                        "-t",
                        "42",
                        "-D",
                        "/c/criu/gen-000001.partial",
                        "--shell-job",
                        "-o",
                        "dump.log",
                        "-v4",
                        "--display-stats",
                        "--no-default-config",
                        "--leave-stopped"),
                CriuCommand.dump(
                        CRIU,
                        42,
                        Path.of("/c/criu/gen-000001.partial"),
                        CriuCommand.AfterDump.KEEP_RUNNING,
                        false,
                        List.of()));
        assertEquals(
                List.of(
                        "/opt/criu",
                        "dump",
                        "-t",
                        "42",
                        "-D",
                        "/d",
                        "--shell-job",
                        "-o",
                        "dump.log",
                        "-v4",
                        "--display-stats",
                        "--no-default-config",
                        "--leave-stopped",
                        "--unprivileged",
                        "--tcp-established"),
                CriuCommand.dump(
                        CRIU,
                        42,
                        Path.of("/d"),
                        CriuCommand.AfterDump.LEAVE_STOPPED,
                        true,
                        List.of("--tcp-established")));
    }

    @Test
    void restoreArgvForEachMode() {
        assertEquals(
                List.of(
                        "/opt/criu",
                        "restore",
                        "-D",
                        "/g",
                        "--shell-job",
                        "-o",
                        "restore.log",
                        "-v4",
                        "--display-stats",
                        "--no-default-config"),
                CriuCommand.restore(
                        CRIU,
                        Path.of("/g"),
                        CriuCommand.RestoreMode.FOREGROUND,
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        List.of()));
        assertEquals(
                List.of(
                        "/opt/criu",
                        "restore",
                        "-D",
                        "/g",
                        "--shell-job",
                        "-o",
                        "restore.log",
                        "-v4",
                        "--display-stats",
                        "--no-default-config",
                        "-d",
                        "--pidfile",
                        "/p"),
                CriuCommand.restore(
                        CRIU,
                        Path.of("/g"),
                        CriuCommand.RestoreMode.DETACHED,
                        Optional.of(Path.of("/p")),
                        false,
                        Optional.empty(),
                        List.of()));
        assertEquals(
                List.of(
                        "/opt/criu",
                        "restore",
                        "-D",
                        "/g",
                        "--shell-job",
                        "-o",
                        "restore.log",
                        "-v4",
                        "--display-stats",
                        "--no-default-config",
                        "-d",
                        "--restore-sibling",
                        "--pidfile",
                        "/p",
                        "--unprivileged",
                        "--manage-cgroups=soft",
                        "--cgroup-root",
                        "/lsf/job.10"),
                CriuCommand.restore(
                        CRIU,
                        Path.of("/g"),
                        CriuCommand.RestoreMode.SIBLING,
                        Optional.of(Path.of("/p")),
                        true,
                        Optional.of("/lsf/job.10"),
                        List.of()));
    }

    @Test
    void statsOfDisplayStats() {
        String out =
                "Displaying dump stats:\nFreezing time: 352 us\nFrozen time: 25790 us\nMemory pages scanned: 211 (0xd3)\n"
                        + "Memory pages written: 121 (0x79)\nLazy memory pages: 0 (0x0)\nrlimit: Can't setup RLIMIT_NOFILE for self\n";
        assertEquals(
                Map.of(
                        "freezing_time_us",
                        352L,
                        "frozen_time_us",
                        25790L,
                        "memory_pages_scanned",
                        211L,
                        "memory_pages_written",
                        121L,
                        "lazy_memory_pages",
                        0L),
                CriuStats.parse(out));
    }

    /** A pstree.img criu 4.1.1 wrote for a shell with three descendants (pids 7309..7320). */
    static final byte[] PSTREE = HexFormat.of()
            .parseHex("19435654303027500e000000088d391000188b39208b39288d390f000000088e"
                    + "39108d39188b39208b39288e390f000000089839108e39188b39208b39289839"
                    + "0f000000088f39108d39188b39208b39288f39");

    @Test
    void pstreeImageGivesEveryTask() {
        List<PstreeImage.Task> tasks = PstreeImage.parse(PSTREE);
        assertEquals(new PstreeImage.Task(7309, 0, 7307, 7307, List.of(7309L)), tasks.get(0));
        assertEquals(new PstreeImage.Task(7320, 7310, 7307, 7307, List.of(7320L)), tasks.get(2));
        assertEquals(List.of(7309L, 7310L, 7320L, 7311L), PstreeImage.ids(tasks));
    }

    @Test
    void aTruncatedOrForeignPstreeIsRefused() {
        byte[] cut = java.util.Arrays.copyOf(PSTREE, PSTREE.length - 3);
        assertEquals(
                "pstree image truncated: record of 15 bytes, 12 left",
                assertThrows(IllegalArgumentException.class, () -> PstreeImage.parse(cut))
                        .getMessage());
        assertEquals(
                "not a criu pstree image (bad magic)",
                assertThrows(IllegalArgumentException.class, () -> PstreeImage.parse(new byte[12]))
                        .getMessage());
    }

    @Test
    void versions() {
        assertEquals(new CriuVersion(4, 1, 1), CriuVersion.parse("Version: 4.1.1\n"));
        assertEquals(new CriuVersion(3, 17, 0), CriuVersion.parse("Version: 3.17\nGitID: v3.17\n"));
        assertEquals(-1, Integer.signum(CriuVersion.parse("Version: 3.17.1").compareTo(CriuVersion.CURRENT_KERNELS)));
        assertThrows(IllegalArgumentException.class, () -> CriuVersion.parse("criu: command not found"));
        assertEquals(
                Optional.of(new CriuVersion(4, 1, 1)),
                CriuVersion.inLog("(00.000000) CRIU run id = 40693c55\n"
                        + "(00.000041) Version: 4.1.1 (gitid 0)\n(00.000047) Running on vm Linux 6.18.44\n"));
        assertEquals(Optional.empty(), CriuVersion.inLog("(00.000041) Error (criu/cr-dump.c:1): no version here\n"));
        assertEquals(Optional.empty(), CriuVersion.inLog(""));
    }

    @Test
    void generationNumbers() {
        assertEquals(3, Generations.number(java.nio.file.Path.of("/chk/criu/gen-000003")));
        assertEquals(4, Generations.number(java.nio.file.Path.of("/chk/criu/gen-000004.partial")));
        assertThrows(
                IllegalArgumentException.class, () -> Generations.number(java.nio.file.Path.of("/chk/criu/current")));
        assertThrows(IllegalArgumentException.class, () -> Generations.number(java.nio.file.Path.of("gen-000004.tmp")));
    }

    @Test
    void manifestRoundTrips() {
        Manifest m = new Manifest(
                3,
                1700000000L,
                42,
                List.of(42L, 43L),
                "4.1.1",
                "node1",
                "6.18.44",
                List.of(
                        new Manifest.ImageFile("pstree.img", 83, Optional.of("ab")),
                        new Manifest.ImageFile("pages-1.img", 4096, Optional.empty())));
        assertEquals(m, Manifest.parse(m.toJson()));
        assertEquals(4179, m.imageBytes());
        assertEquals(
                "manifest format 2 is not 1",
                assertThrows(IllegalArgumentException.class, () -> Manifest.parse("{\"format\": 2}"))
                        .getMessage());
    }

    @Test
    void aManifestWithNoTaskOrNoImageFileIsNotAGeneration() {
        Manifest noTasks = new Manifest(
                1,
                1L,
                42,
                List.of(),
                "4.2.1",
                "h",
                "k",
                List.of(new Manifest.ImageFile("pstree.img", 83, Optional.empty())));
        assertEquals(
                "manifest lists no task: not a checkpoint of a job",
                assertThrows(IllegalArgumentException.class, () -> Manifest.parse(noTasks.toJson()))
                        .getMessage());
        Manifest noFiles = new Manifest(1, 1L, 42, List.of(42L), "4.2.1", "h", "k", List.of());
        assertEquals(
                "manifest lists no image file: not a checkpoint of a job",
                assertThrows(IllegalArgumentException.class, () -> Manifest.parse(noFiles.toJson()))
                        .getMessage());
        HostFingerprint f =
                new HostFingerprint("6.18", "4.2.1", "AuthenticAMD", "EPYC", List.of("avx2", "sse2"), "glibc 2.36");
        Manifest withPrint = new Manifest(
                1,
                1L,
                42,
                List.of(42L),
                "4.2.1",
                "h",
                "k",
                List.of(new Manifest.ImageFile("pstree.img", 83, Optional.empty())),
                Optional.of(f));
        assertEquals(withPrint, Manifest.parse(withPrint.toJson()), "the fingerprint round-trips");
    }

    @Test
    void aFingerprintRefusesWhatWouldBreakTheRestoreInOneLine() {
        HostFingerprint dumped = new HostFingerprint(
                "6.18", "4.2.1", "AuthenticAMD", "EPYC 9", List.of("avx512f", "avx2"), "glibc 2.36");
        HostFingerprint here =
                new HostFingerprint("6.19", "4.2.1", "GenuineIntel", "Xeon", List.of("avx2"), "glibc 2.36");
        assertEquals(
                Optional.of("this host's CPU lacks avx512f that the checkpoint host (EPYC 9) had and the job may use"),
                here.refusal(dumped));
        assertEquals(Optional.empty(), dumped.refusal(here), "a newer CPU and another kernel restore");
        HostFingerprint olderCriu = new HostFingerprint(
                "6.18", "4.1.1", "AuthenticAMD", "EPYC 9", List.of("avx512f", "avx2"), "glibc 2.41");
        assertEquals(
                Optional.of(
                        "C library glibc 2.41 here, glibc 2.36 at the checkpoint: the job's mapped libraries differ;"
                                + " criu 4.1.1 here is older than the checkpoint's criu 4.2.1"),
                olderCriu.refusal(dumped));
    }
}
