package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lsf.emulator.Emulator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps a shared checkpoint filesystem whole, with the real criu: a dump that would not fit
 * its space limits never starts (a real small filesystem; a user's quota), and dumps wait for one
 * of MAX_CONCURRENT_DUMPS slots within their deadline.
 */
class DumpLimitsIT {
    @TempDir
    Path tmp;

    /** A Python job that counts like the counter example and holds {@code MEM_MIB} MiB (from step {@code GROW_AT}). */
    static String[] memoryJob(Sim sim, int steps, int mib, int growAt) throws IOException {
        Path script = sim.work.resolve("memory-job.py");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "import os, sys, time",
                        "started = int(time.time()); n = int(sys.argv[1]); blocks = []",
                        "def hold(mib):",
                        "    b = bytearray(mib << 20)",
                        "    for i in range(0, len(b), 4096): b[i] = 1",
                        "    blocks.append(b)",
                        "grow = int(os.environ['GROW_AT'])",
                        "if grow == 0: hold(int(os.environ['MEM_MIB']))",
                        "for i in range(1, n + 1):",
                        "    if i == grow: hold(int(os.environ['MEM_MIB']))",
                        "    print('step %d of %d (pid %d, first started at %d)' % (i, n, os.getpid(), started), flush=True)",
                        "    time.sleep(float(os.environ.get('STEP', '0.2')))",
                        "print('finished all %d steps' % n, flush=True)",
                        "sys.exit(int(os.environ.get('EXIT', '7')))",
                        ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        sim.env.put("MEM_MIB", Integer.toString(mib));
        sim.env.put("GROW_AT", Integer.toString(growAt));
        return new String[] {"/usr/bin/python3", script.toString(), Integer.toString(steps)};
    }

    static List<Map<String, Object>> named(List<Map<String, Object>> events, String name) {
        return events.stream().filter(e -> name.equals(e.get("event"))).toList();
    }

    /**
     * A 48 MiB tmpfs is the checkpoint root. The job is small at its first periodic checkpoints, then
     * grows to 64 MiB: its next checkpoints (periodic, then at the run limit) would not fit, so none
     * starts; at the run limit it is killed as LSF kills it, the log and events give the limit and its
     * numbers, and the generation taken while it was small stays current and whole.
     */
    @Test
    void aDumpThatWouldFillTheCheckpointFilesystemNeverStarts() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Sim sim = new Sim(tmp);
        Process mount = new ProcessBuilder(
                        "mount", "-t", "tmpfs", "-o", "size=48m,mode=0755", "lsf-criu-test", sim.chk.toString())
                .inheritIO()
                .start();
        assertEquals(0, mount.waitFor());
        try {
            sim.checkpointPeriod = 2;
            sim.config.put("KEEP_IMAGES_ON_END", "Y");
            Emulator.Result r = sim.run(7, Duration.ofSeconds(90), memoryJob(sim, 60, 64, 22));
            String log = sim.log(101);
            assertEquals(List.of(101L), r.jobIds(), "refused, so never restarted: " + log);
            assertTrue(r.exitCode() != 7, "killed at its limit, not finished: " + log);
            List<Map<String, Object>> refused = named(sim.events(101), "checkpoint_refused");
            assertFalse(refused.isEmpty(), log);
            assertEquals("MIN_FREE_PERCENT", refused.get(refused.size() - 1).get("limit"), log);
            assertTrue(((Number) refused.get(0).get("estimate_bytes")).longValue() > 64L << 20, refused.toString());
            assertTrue(log.contains("checkpoint refused by MIN_FREE_PERCENT: the checkpoint filesystem has"), log);
            assertTrue(log.contains("killed the job past its run limit after the refused checkpoint"), log);
            Path current = sim.chk.resolve("101/criu/current");
            assertTrue(Files.isSymbolicLink(current), "the small job's generation stays current: " + log);
            assertTrue(
                    criu.invoke.image.ImageFiles.verify(current.toRealPath())
                            .problem()
                            .isEmpty(),
                    "and whole");
            assertTrue(Files.readString(sim.summary(101)).contains("MIN_FREE_PERCENT"), "the summary says why");
        } finally {
            new ProcessBuilder("umount", "-l", sim.chk.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    /** A job whose image would take its user past USER_QUOTA_MIB is killed at its limit without a dump. */
    @Test
    void aDumpAboveTheUsersQuotaNeverStarts() throws Exception {
        Sim sim = new Sim(tmp);
        sim.user = java.util.Optional.of(Sim.USER);
        sim.config.put("USER_QUOTA_MIB", "40");
        Emulator.Result r = sim.run(3, Duration.ofSeconds(60), memoryJob(sim, 40, 64, 0));
        String log = sim.log(101);
        assertEquals(List.of(101L), r.jobIds(), log);
        List<Map<String, Object>> refused = named(sim.events(101), "checkpoint_refused");
        assertEquals(1, refused.size(), log);
        assertEquals("USER_QUOTA_MIB", refused.get(0).get("limit"), log);
        assertTrue(log.contains("above USER_QUOTA_MIB (40 MiB)"), log);
        assertFalse(Files.exists(sim.chk.resolve("101/criu/current")), "no dump started: " + log);
    }

    /**
     * Six jobs reach their run limit together with MAX_CONCURRENT_DUMPS=2: no more than two dumps
     * run at once (from each job's dump_started to its checkpoint_done), and every job is checkpointed
     * and restarted to its own exit status.
     */
    @Test
    void sixJobsAtTheirLimitTogetherDumpTwoAtATime() throws Exception {
        Path slots = tmp.resolve("slots");
        int jobs = 6;
        List<Sim> sims = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<Future<Emulator.Result>> results = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Sim sim = new Sim(Files.createDirectory(tmp.resolve("job" + i)));
            sim.config.put("MAX_CONCURRENT_DUMPS", "2");
            sim.config.put("DUMP_SLOTS_HOST_DIR", slots.toString());
            sim.env.put("ORUN_RESTART_LIMIT", "1");
            sim.env.put("ORUN_TIMEOUT_SECONDS", "60");
            String[] job = memoryJob(sim, 40, 48, 0);
            sims.add(sim);
            results.add(pool.submit(() -> sim.run(4, Duration.ofSeconds(150), job)));
        }
        pool.shutdown();
        List<long[]> dumps = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Emulator.Result r = results.get(i).get();
            Sim sim = sims.get(i);
            String log = sim.log(r.jobIds().get(r.jobIds().size() - 1));
            assertEquals(7, r.exitCode(), "job " + i + " restarted to its own status: " + log);
            assertEquals(2, r.jobIds().size(), log);
            List<Map<String, Object>> events = sim.events(r.jobIds().get(1));
            List<Map<String, Object>> started = named(events, "dump_started");
            List<Map<String, Object>> done = named(events, "checkpoint_done");
            assertEquals(1, started.size(), log);
            assertEquals(1, done.size(), log);
            dumps.add(new long[] {millis(started.get(0)), millis(done.get(0))});
        }
        int most = 0;
        for (long[] d : dumps) {
            int at = 0;
            for (long[] other : dumps) {
                if (other[0] <= d[0] && d[0] < other[1]) {
                    at++;
                }
            }
            most = Math.max(most, at);
        }
        assertTrue(most <= 2, "at most two dumps at once, but " + most + " overlapped: " + intervals(dumps));
        assertTrue(most >= 1);
    }

    /**
     * The only dump slot is held (by this test) past the job's checkpoint timeout: the job waits for
     * it, is killed by its deadline, and its log and events say that no slot was free.
     */
    @Test
    void aJobWaitingForASlotIsKilledByItsDeadline() throws Exception {
        Path slots = Files.createDirectory(tmp.resolve("slots"));
        Files.setAttribute(slots, "unix:mode", 01777);
        Path slot = slots.resolve("slot-1");
        Files.createFile(slot);
        Files.setPosixFilePermissions(slot, PosixFilePermissions.fromString("rw-rw-rw-"));
        Sim sim = new Sim(Files.createDirectory(tmp.resolve("job")));
        sim.config.put("MAX_CONCURRENT_DUMPS", "1");
        sim.config.put("DUMP_SLOTS_HOST_DIR", slots.toString());
        sim.env.put("ORUN_TIMEOUT_SECONDS", "4");
        try (FileChannel ch = FileChannel.open(slot, StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            Emulator.Result r = sim.run(3, Duration.ofSeconds(60), memoryJob(sim, 100, 8, 0));
            String log = sim.log(101);
            assertEquals(List.of(101L), r.jobIds(), log);
            List<Map<String, Object>> failed = named(sim.events(101), "checkpoint_failed");
            assertEquals(1, failed.size(), log);
            assertEquals("NO_DUMP_SLOT", failed.get(0).get("status"), log);
            assertTrue(log.contains("no dump slot: all 1 host dump slots in " + slots), log);
            long lived = r.timeline().named("job exit").get(0).millis()
                    - r.timeline().named("action start").get(0).millis();
            // the checkpoint timeout (4 s) and the terminate intervals (2 s each), with slack for this machine
            assertTrue(lived < 4_000 + 4_000 + 3_000, "alive " + lived + " ms after its limit: " + log);
            assertTrue(held.isValid());
        }
    }

    static long millis(Map<String, Object> event) {
        return Instant.parse(event.get("time").toString()).toEpochMilli();
    }

    static String intervals(List<long[]> dumps) {
        return dumps.stream().map(d -> d[0] + ".." + d[1]).toList().toString();
    }
}
