package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lsf.emulator.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart while a pid of the checkpoint is still held (by a zombie, or here by another process
 * that took the pid): erestart waits for it, then restores; or, past PID_FREE_WAIT, refuses with
 * the pid named. The holder gets the pid through ns_last_pid, which needs root.
 */
class PidsHeldIT {
    @TempDir
    Path tmp;

    @Test
    void theRestartWaitsUntilTheHeldPidIsFree() throws Exception {
        Sim sim = new Sim(tmp);
        sim.env.put("ORUN_RESTART_LIMIT", "1");
        AtomicReference<Process> holder = hold(sim, 6);
        Emulator.Result r = sim.run(3, Duration.ofSeconds(120), sim.counter(23, 7));
        assertTrue(holder.get() != null, "no pid was held");
        assertEquals(List.of(101L, 102L), r.jobIds());
        assertEquals(7, r.exitCode(), sim.log(102));
        sim.assertContinuous(23);
        long dispatch = r.timeline().named("restart dispatch").get(0).millis();
        long started = r.timeline().named("restarted job start").get(0).millis();
        assertTrue(started - dispatch >= 3000, "erestart did not wait for the pid: " + (started - dispatch) + " ms");
    }

    @Test
    void pastPidFreeWaitTheRestartIsRefusedNamingThePid() throws Exception {
        Sim sim = new Sim(tmp);
        sim.env.put("ORUN_RESTART_LIMIT", "1");
        sim.config.put("PID_FREE_WAIT", "2");
        AtomicReference<Process> holder = hold(sim, 60);
        try {
            Emulator.Result r = sim.run(3, Duration.ofSeconds(120), sim.counter(30, 7));
            // refused, resubmitted once to the host that took the checkpoint, refused there again: the chain ends
            assertEquals(List.of(101L, 102L, 103L), r.jobIds());
            assertEquals(2, r.timeline().named("restart failed").size());
            assertEquals(255, r.exitCode());
            String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            assertTrue(
                    r.timeline().named("brestart").get(1).detail().equals("resubmitted as job 103 to host " + host),
                    r.timeline().named("brestart").toString());
            for (long id : List.of(102L, 103L)) {
                String log = sim.log(id);
                assertTrue(
                        log.contains("cannot restart: pid " + holder.get().pid() + " that the checkpoint needs is still"
                                + " in use by 'sleep'"),
                        log);
            }
            String summary = Files.readString(sim.summary(101));
            assertTrue(summary.contains("Overrun restarts: 1"), "the resubmission is not another restart: " + summary);
            assertTrue(
                    summary.contains("restore refused on " + host + ": pid "
                                    + holder.get().pid())
                            && summary.contains(
                                    "it had been resubmitted once to its checkpointing host: the chain ends"),
                    summary);
        } finally {
            if (holder.get() != null) {
                holder.get().destroyForcibly();
            }
        }
    }

    /**
     * After a checkpoint that ended the job (no restart), a stranger takes the dumped root's pid in a
     * session of its own: the first instance's watchdog, firing later, leaves it alone (it was armed for
     * the job's processes by start time, and the checkpoint succeeded).
     */
    @Test
    void theWatchdogNeverKillsAStrangerThatReusedTheJobsPid() throws Exception {
        Sim sim = new Sim(tmp);
        sim.env.put("ENABLE_ORUN_RESTART", "N");
        sim.env.put("ORUN_TIMEOUT_SECONDS", "6");
        AtomicReference<Process> holder = hold(sim, 40);
        long start = System.nanoTime();
        Emulator.Result r = sim.run(3, Duration.ofSeconds(60), sim.counter(300, 0));
        assertEquals(List.of(101L), r.jobIds());
        assertTrue(holder.get() != null, "no pid was taken");
        while (System.nanoTime() - start < 14_000_000_000L) { // past the run limit plus the checkpoint timeout
            Thread.sleep(200);
        }
        try {
            assertTrue(
                    holder.get().isAlive(),
                    "the watchdog killed a stranger that reused the job's pid: " + sim.log(101));
            assertTrue(sim.log(101).contains("watchdog: "), "the watchdog fired: " + sim.log(101));
            assertTrue(!sim.log(101).contains("checkpoint timeout passed and the job is still alive"), sim.log(101));
        } finally {
            holder.get().destroyForcibly();
        }
    }

    /** Once the checkpoint is done, takes the dumped root's pid with a {@code sleep seconds}. */
    static AtomicReference<Process> hold(Sim sim, int seconds) {
        AtomicReference<Process> holder = new AtomicReference<>();
        sim.listener = e -> {
            System.out.println(e.line());
            if (e.what().equals("checkpoint done") && holder.get() == null) {
                try {
                    holder.set(takePid(rootPid(sim.chk.resolve("101/criu/current/manifest.json")), seconds));
                } catch (IOException | InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        };
        return holder;
    }

    static long pidMax() throws IOException {
        try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/pid_max"))) {
            return Long.parseLong(new String(in.readNBytes(64), java.nio.charset.StandardCharsets.UTF_8).strip());
        }
    }

    static long rootPid(Path manifest) throws IOException {
        Matcher m = Pattern.compile("\"root_pid\" : (\\d+)").matcher(Files.readString(manifest));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    static Process takePid(long pid, int seconds) throws IOException, InterruptedException {
        // PID 1 reaps the killed job's zombies slowly here: wait up to a minute for the pid to be free
        for (int attempt = 0; attempt < 2400; attempt++) {
            if (!Files.exists(Path.of("/proc/" + pid))) {
                Files.writeString(Path.of("/proc/sys/kernel/ns_last_pid"), Long.toString(pid - 1));
                // in a session and group of its own (setsid does not fork here): a stray kill of its group
                // can reach nothing else
                Process p = new ProcessBuilder("setsid", "sleep", Integer.toString(seconds)).start();
                if (p.pid() == pid) {
                    // move on, so that the next processes do not take the checkpoint's other pids
                    long next = pid + 5000 < pidMax() - 1 ? pid + 5000 : 300; // pids wrap to 300 past pid_max
                    Files.writeString(Path.of("/proc/sys/kernel/ns_last_pid"), Long.toString(next));
                    return p;
                }
                p.destroyForcibly();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("could not take pid " + pid);
    }
}
