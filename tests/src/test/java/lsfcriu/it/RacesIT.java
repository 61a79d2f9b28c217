package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import lsf.emulator.Emulator;
import lsf.emulator.Timeline;
import lsf.env.CheckpointDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Races found by chance in an independent check and by the fault harness, each replayed on purpose
 * with the real criu: a program killed at the worst moment, a job ending while it is dumped.
 */
class RacesIT {
    static final String REAL_CRIU = System.getProperty("criu.binary", "/opt/lsf-criu/criu/bin/criu");

    @TempDir
    Path tmp;

    /**
     * echkpnt.criu is killed (SIGKILL) the moment the real criu returned from a periodic dump, before it
     * could continue the job criu left stopped: the dump's guard continues it, and the job finishes.
     */
    @Test
    void aPeriodicCheckpointWhoseEchkpntIsKilledAfterCriuReturnedLeavesTheJobRunning() throws Exception {
        Sim sim = new Sim(tmp);
        Path mark = tmp.resolve("killed-once");
        sim.fakeCriu("case \"$1\" in dump) " + REAL_CRIU + " \"$@\"; s=$?; [ -e " + mark + " ] || { : > " + mark
                + "; kill -s KILL \"$PPID\"; }; exit \"$s\" ;; *) exec " + REAL_CRIU + " \"$@\" ;; esac");
        sim.checkpointPeriod = 2;
        Emulator.Result r = sim.run(300, Duration.ofSeconds(60), sim.counter(30, 7));
        assertTrue(Files.exists(mark), "the fault was injected");
        assertEquals(7, r.exitCode(), "the job ran to its own end: " + sim.log(101));
        sim.assertContinuous(30);
        assertTrue(
                r.timeline().named("checkpoint failed").stream()
                        .anyMatch(e -> e.detail().equals("echkpnt.criu exited 137")),
                "echkpnt.criu was killed: " + r.timeline().events());
    }

    /**
     * The restart command's holder is killed under the restored job: the job runs on, still the restart
     * command's (LSF does not see it end before it does), and the log and events say its status was lost.
     */
    @Test
    void aKilledHolderLeavesTheRestoredJobSupervisedToItsEnd() throws Exception {
        Sim sim = new Sim(tmp);
        AtomicLong holder = new AtomicLong();
        sim.listener = Sim.after("restarted job start", 1, 2000, e -> {
            long pgid = Long.parseLong(e.detail().replaceAll("^pgid (\\d+),.*", "$1"));
            ProcessHandle.allProcesses()
                    .filter(p -> EndToEndIT.groupOf(p.pid()) == pgid)
                    .filter(p -> cmdline(p.pid()).equals("/bin/sleep 2147483647"))
                    .findFirst()
                    .ifPresent(p -> {
                        holder.set(p.pid());
                        p.destroyForcibly();
                    });
        });
        Emulator.Result r = sim.run(4, Duration.ofSeconds(60), sim.counter(35, 7));
        assertTrue(
                holder.get() > 0,
                "the holder was found and killed: " + r.timeline().events());
        String output = Files.readString(sim.out);
        assertTrue(output.contains("finished all 35 steps"), "the job ran to its end before LSF saw it end: " + output);
        sim.assertContinuous(35);
        Timeline.Event exit = r.timeline().named("job exit").get(1);
        assertEquals("exited 1", exit.detail(), "the status was lost, and LSF is told so");
        String log = sim.log(101);
        assertTrue(log.contains("holder (pid " + holder.get() + ") ended under the restored job"), log);
        List<java.util.Map<String, Object>> events = sim.events(101);
        assertTrue(events.stream().anyMatch(ev -> "holder_lost".equals(ev.get("event"))), events.toString());
        assertTrue(
                events.stream()
                        .anyMatch(ev ->
                                "job_ended".equals(ev.get("event")) && Boolean.TRUE.equals(ev.get("holder_killed"))),
                events.toString());
    }

    /**
     * The restart command itself is killed (SIGKILL: no trap of its runs) under the restored job: its watcher
     * ends the holder, which would otherwise sleep for ever, and the job, which would run on outside LSF.
     */
    @Test
    void aKilledRestartCommandTakesItsHolderAndItsJobWithIt() throws Exception {
        Sim sim = new Sim(tmp);
        AtomicLong group = new AtomicLong();
        sim.listener = Sim.after("restarted job start", 1, 2000, e -> {
            long pgid = Long.parseLong(e.detail().replaceAll("^pgid (\\d+),.*", "$1"));
            group.set(pgid);
            // chosen first, then killed: killed as the stream goes, the script's subshells (the watcher) were
            // re-parented by its death, no longer had the script as parent, and were killed with it
            ProcessHandle.allProcesses()
                    .filter(p -> EndToEndIT.groupOf(p.pid()) == pgid)
                    .filter(p -> isRestartScript(cmdline(p.pid()))) // the script, not the job's "sh -c" around it
                    .filter(p -> p.parent()
                            .map(q -> !isRestartScript(cmdline(q.pid())))
                            .orElse(true))
                    .toList()
                    .forEach(ProcessHandle::destroyForcibly);
        });
        // a job of 40 s, which would still be running at the end had the restored job been left (criu restores
        // it into the restart command's group, which is where the test looks)
        Emulator.Result r = sim.run(4, Duration.ofSeconds(60), sim.counter(200, 7));
        assertTrue(
                group.get() > 0,
                "the restart command was found: " + r.timeline().events());
        assertEquals("killed by signal 9", r.timeline().named("job exit").get(1).detail());
        List<String> left = leftInGroup(group.get());
        assertTrue(left.isEmpty(), "nothing of the job is left: " + left);
        assertTrue(
                sim.events(102).stream().anyMatch(ev -> "restart_command_lost".equals(ev.get("event"))), sim.log(102));
    }

    /**
     * The restart command is killed (SIGKILL) while its criu restore is still running (here a restore that hangs,
     * a fault): its watcher ends criu too, found by its pid file as the holder's child. criu starts within a few
     * milliseconds of the command, mostly within the same clock tick, so by /proc's start times it is not younger
     * than the command, and the clean-up of what is younger missed it: it would have finished restoring a job
     * nobody waited for.
     */
    @Test
    void aRestartCommandKilledDuringItsRestoreTakesCriuWithIt() throws Exception {
        Path chk = Files.createDirectories(tmp.resolve("chk"));
        Path script = RuntimeImageIT.IMAGE.resolve("bin/lsf-criu-restart");
        // a session and group of its own, as LSF starts a job
        Process restart = new ProcessBuilder(
                        "setsid", "/bin/sh", script.toString(), chk.toString(), "60", "/bin/sleep", "300")
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("restart.out").toFile())
                .start();
        long group = restart.pid();
        Path criuPidFile = chk.resolve(CheckpointDir.RESTORE_CRIU_PID);
        long criu = 0;
        for (int i = 0; i < 100 && criu == 0; i++) {
            String text =
                    Files.exists(criuPidFile) ? Files.readString(criuPidFile).strip() : "";
            if (text.matches("[0-9]+") && cmdline(Long.parseLong(text)).equals("/bin/sleep 300")) {
                criu = Long.parseLong(text);
            } else {
                Thread.sleep(50);
            }
        }
        assertTrue(criu > 0, "the restore started: " + Files.readString(tmp.resolve("restart.out")));
        restart.destroyForcibly().waitFor();
        List<String> left = leftInGroup(group);
        long hungCriu = criu;
        ProcessHandle.of(hungCriu).ifPresent(ProcessHandle::destroyForcibly);
        assertTrue(left.isEmpty(), "nothing of the restart command is left: " + left);
        assertTrue(
                Files.readString(chk.resolve(CheckpointDir.EVENTS)).contains("\"event\":\"restart_command_lost\""),
                Files.readString(chk.resolve(CheckpointDir.LOG)));
    }

    /** What is still alive in process group {@code group} once it emptied, or after 5 s ("pid cmdline" each). */
    private static List<String> leftInGroup(long group) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        List<String> left;
        do {
            Thread.sleep(200);
            left = ProcessHandle.allProcesses()
                    .filter(p -> EndToEndIT.groupOf(p.pid()) == group)
                    .map(p -> p.pid() + " " + cmdline(p.pid()))
                    .toList();
        } while (!left.isEmpty() && System.nanoTime() < until);
        return left;
    }

    /** The restart script itself ({@code /bin/sh <image>/bin/lsf-criu-restart ...}), or one of its subshells. */
    static boolean isRestartScript(String cmdline) {
        return cmdline.matches("/bin/sh /\\S*bin/lsf-criu-restart .*");
    }

    /** A process's argv as /proc has it, words joined by spaces ("" when it is gone). */
    static String cmdline(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                            java.nio.charset.StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
