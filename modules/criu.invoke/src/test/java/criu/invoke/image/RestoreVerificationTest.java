package criu.invoke.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.CriuCommand;
import criu.invoke.DumpOutcome;
import criu.invoke.RealCriu;
import criu.invoke.Restorer;
import criu.invoke.TestJob;
import criu.invoke.proc.HostFingerprint;
import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.process.Ticker;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before a restore, with the real criu's images: the credentials in the core images (an image
 * edited to claim a capability, or of another user, is refused), the host fingerprint (a foreign
 * CPU is refused with one line), and the fallback from a damaged newest generation to the previous
 * good one, restored for real. The job runs as the ordinary test user, who dumps and restores it.
 */
class RestoreVerificationTest {
    @TempDir
    Path tmp;

    Path chk;
    TestJob job;
    long userUid;
    java.util.Set<Long> userGroups;
    RealCriu asUser;

    @BeforeEach
    void twoGenerationsOfAUsersJob() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestJob.isRoot(), "running the job as the test user needs root");
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = Files.createDirectory(tmp.resolve("job"));
        TestJob.run(List.of("chown", TestJob.USER, dir.toString()));
        userUid = (Integer) Files.getAttribute(dir, "unix:uid");
        userGroups = groupsOf(TestJob.USER);
        job = TestJob.start(dir, 100_000, 0, true);
        asUser = RealCriu.asUser(tmp);
        chk = dir.resolve("chk");
        TestJob.run(List.of("runuser", "-u", TestJob.USER, "--", "mkdir", chk.toString()));
        try {
            for (int i = 0; i < 2; i++) {
                DumpOutcome d = asUser.dump(chk, job.pgid(), CriuCommand.AfterDump.KEEP_RUNNING);
                assertTrue(d.dumped(), d.message());
            }
        } finally {
            TestJob.killGroup(job.pgid());
        }
    }

    Path generation(int n) {
        return new Generations(chk).base().resolve(String.format("gen-%06d", n));
    }

    @Test
    void theRealImageCarriesTheUsersCredentialsWithoutCapabilities() throws Exception {
        assertEquals(Optional.empty(), CoreCredentials.refusal(generation(2), userUid, userGroups));
        Optional<String> otherUser = CoreCredentials.refusal(generation(2), userUid + 1, userGroups);
        assertTrue(otherUser.orElseThrow().contains("not as the restoring user " + (userUid + 1)), otherUser.get());
    }

    @Test
    void anImageEditedToClaimACapabilityIsRefusedAndTheOlderGoodOneChosen() throws Exception {
        Path core = rootCore(generation(2));
        byte[] bytes = Files.readAllBytes(core);
        grantCapChown(bytes, core);
        Files.write(core, bytes);
        Path manifestFile = generation(2).resolve(Manifest.NAME); // the owner rewrites the manifest to match
        Manifest m = Manifest.parse(Files.readString(manifestFile));
        Files.writeString(
                manifestFile,
                new Manifest(
                                m.generation(),
                                m.created(),
                                m.rootPid(),
                                m.pids(),
                                m.criuVersion(),
                                m.host(),
                                m.kernel(),
                                ImageFiles.list(generation(2), true),
                                m.fingerprint())
                        .toJson());
        assertEquals(
                Optional.empty(), ImageFiles.verify(generation(2)).problem(), "the edit passes the manifest's checks");
        String refusal =
                CoreCredentials.refusal(generation(2), userUid, userGroups).orElseThrow();
        assertTrue(
                refusal.contains("claims capabilities (") && refusal.contains("permitted 0x0000000000000001"), refusal);
        Restorer.Plan plan = new Restorer(ProcFs.system(), Ticker.system())
                .prepare(chk, Duration.ofSeconds(30), userUid, userGroups, Optional.empty());
        assertTrue(plan.ready(), plan.problem().orElse(""));
        assertEquals(generation(1), plan.generation().orElseThrow());
        assertTrue(
                plan.skipped().get(0).startsWith("gen-000002: ")
                        && plan.skipped().get(0).contains("claims capabilities"),
                plan.skipped().toString());
    }

    /**
     * criu restores the gids written in the image: the owner edits the root task's gid to another
     * user's group (same length, so the manifest's sizes still match), and the real image is refused.
     */
    @Test
    void aRealImageEditedToClaimAnotherUsersGroupIsRefused() throws Exception {
        Path core = rootCore(generation(2));
        byte[] bytes = Files.readAllBytes(core);
        long gid = userGroups.iterator().next();
        long foreign = gid + 1;
        org.junit.jupiter.api.Assumptions.assumeTrue(
                gid >= 128 && foreign < 16384 && !userGroups.contains(foreign), "a two-byte gid with a free neighbour");
        setCredsVarint(bytes, core, 2, gid, foreign);
        Files.write(core, bytes);
        String refusal =
                CoreCredentials.refusal(generation(2), userUid, userGroups).orElseThrow();
        assertTrue(refusal.contains(foreign + " is not a group of the restoring user"), refusal);
        Restorer.Plan plan = new Restorer(ProcFs.system(), Ticker.system())
                .prepare(chk, Duration.ofSeconds(30), userUid, userGroups, Optional.empty());
        assertEquals(
                generation(1), plan.generation().orElseThrow(), plan.skipped().toString());
    }

    /** Rewrites varint field {@code field} of the root task's creds from {@code from} to {@code to}, in place. */
    static void setCredsVarint(byte[] bytes, Path core, int field, long from, long to) {
        ByteBuffer record =
                ProtoReader.records(bytes, CoreCredentials.CORE_MAGIC, "core").get(0);
        ByteBuffer threadCore = field(ProtoReader.fields(record, "core"), 5);
        ByteBuffer creds = field(ProtoReader.fields(threadCore, "thread core"), 10);
        int start = creds.arrayOffset() + creds.position();
        byte tag = (byte) (field << 3);
        byte[] old = {(byte) (0x80 | (from & 0x7f)), (byte) (from >> 7)};
        for (int i = start; i < start + creds.remaining() - 2; i++) {
            if (bytes[i] == tag && bytes[i + 1] == old[0] && bytes[i + 2] == old[1]) {
                bytes[i + 1] = (byte) (0x80 | (to & 0x7f));
                bytes[i + 2] = (byte) (to >> 7);
                return;
            }
        }
        throw new AssertionError("no creds field " + field + " = " + from + " in " + core);
    }

    @Test
    void aForeignFingerprintIsRefusedInOneLine() throws Exception {
        HostFingerprint here = HostFingerprint.local("4.2.1");
        List<String> lacking = new ArrayList<>(new TreeSet<>(HostFingerprint.USER_FEATURES));
        lacking.removeAll(here.cpuFlags());
        org.junit.jupiter.api.Assumptions.assumeFalse(lacking.isEmpty(), "this CPU has every feature the check knows");
        for (int n : new int[] {1, 2}) {
            Path file = generation(n).resolve(Manifest.NAME);
            Manifest m = Manifest.parse(Files.readString(file));
            HostFingerprint f = m.fingerprint().orElseThrow(() -> new AssertionError("no fingerprint in " + file));
            List<String> flags = new ArrayList<>(f.cpuFlags());
            flags.add(lacking.get(0));
            HostFingerprint foreign =
                    new HostFingerprint(f.kernel(), f.criuVersion(), f.cpuVendor(), "Other CPU", flags, f.libc());
            Files.writeString(
                    file,
                    new Manifest(
                                    m.generation(),
                                    m.created(),
                                    m.rootPid(),
                                    m.pids(),
                                    m.criuVersion(),
                                    m.host(),
                                    m.kernel(),
                                    m.files(),
                                    Optional.of(foreign))
                            .toJson());
        }
        Restorer.Plan plan = new Restorer(ProcFs.system(), Ticker.system())
                .prepare(chk, Duration.ofSeconds(30), userUid, userGroups, Optional.of(here));
        String problem = plan.problem().orElseThrow();
        assertTrue(
                problem.contains("gen-000002: not restorable on this host: this host's CPU lacks " + lacking.get(0)
                        + " that the checkpoint host (Other CPU) had"),
                problem);
        assertTrue(problem.contains("gen-000001: "), problem);
        assertEquals(1, problem.lines().count());
    }

    @Test
    void aTruncatedNewestGenerationFallsBackToThePreviousOneRestoredForReal() throws Exception {
        Path pages = Files.list(generation(2))
                .filter(p -> p.getFileName().toString().startsWith("pages-"))
                .findFirst()
                .orElseThrow();
        byte[] bytes = Files.readAllBytes(pages);
        Files.write(pages, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        job.leader.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        int before = job.numbers().size();
        Restorer.Plan plan = new Restorer(ProcFs.system(), Ticker.system())
                .prepare(chk, Duration.ofSeconds(60), userUid, userGroups, Optional.of(HostFingerprint.local("4.2.1")));
        assertEquals(generation(1), plan.generation().orElseThrow(() -> new AssertionError(plan.toString())));
        assertTrue(plan.skipped().get(0).contains("truncated"), plan.skipped().toString());
        long root = asUser.restore(chk); // as the user, through the same fallback
        assertEquals(
                Manifest.parse(Files.readString(generation(1).resolve(Manifest.NAME)))
                        .rootPid(),
                root);
        try {
            job.awaitLines(before + 5);
        } finally {
            TestJob.killGroup(ProcFs.system().stat(root).map(ProcStat::pgid).orElse(root));
        }
        assertTrue(job.numbers().size() >= before + 5);
    }

    /** The group ids of {@code user}: its gid and supplementary groups, as {@code id -G} prints them. */
    static java.util.Set<Long> groupsOf(String user) throws Exception {
        Process p = new ProcessBuilder("id", "-G", "--", user)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, out);
        java.util.Set<Long> groups = new java.util.TreeSet<>();
        for (String g : out.split("\\s+")) {
            groups.add(Long.parseLong(g));
        }
        return groups;
    }

    /** The core image of the image's root task. */
    static Path rootCore(Path generation) throws Exception {
        Manifest m = Manifest.parse(Files.readString(generation.resolve(Manifest.NAME)));
        return generation.resolve("core-" + m.rootPid() + ".img");
    }

    /** Sets the first permitted-capability word of the creds to 1 (CAP_CHOWN), in place: same length. */
    static void grantCapChown(byte[] bytes, Path core) {
        ByteBuffer record =
                ProtoReader.records(bytes, CoreCredentials.CORE_MAGIC, "core").get(0);
        ByteBuffer threadCore = field(ProtoReader.fields(record, "core"), 5);
        ByteBuffer creds = field(ProtoReader.fields(threadCore, "thread core"), 10);
        int from = creds.arrayOffset() + creds.position();
        for (int i = from; i < from + creds.remaining() - 1; i++) {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0) { // field 10 (cap_prm), varint 0
                bytes[i + 1] = 1;
                return;
            }
        }
        throw new AssertionError("no cap_prm word of 0 in " + core + ": " + Map.of("creds bytes", creds.remaining()));
    }

    private static ByteBuffer field(List<ProtoReader.Field> fields, int number) {
        return fields.stream()
                .filter(f -> f.number() == number && f.wire() == 2)
                .findFirst()
                .orElseThrow()
                .bytes();
    }
}
