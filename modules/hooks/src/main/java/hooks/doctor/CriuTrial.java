package hooks.doctor;

import criu.invoke.CriuCommand;
import criu.invoke.DumpOutcome;
import criu.invoke.Dumper;
import criu.invoke.Restorer;
import criu.invoke.files.UserFiles;
import criu.invoke.proc.HostFingerprint;
import criu.invoke.proc.ProcStat;
import criu.invoke.process.ChildProcess;
import criu.invoke.process.CriuResult;
import hooks.system.Toolkit;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The doctor's trial, run by default: a short-lived counting job checkpointed and restored with the
 * configured criu through the programs' own pipeline (the {@link Dumper} that echkpnt.criu uses,
 * the {@link Restorer} that erestart.criu uses, criu's restore as the restart command runs it), and
 * seen counting on. It runs as the user it tests, start to end (root delegates it whole:
 * {@link TrialAsUser}), so it never acts in another user's directory. {@code criu check} proves
 * nothing about dumping (criu 4.1.1 passes it on hosts where every dump hangs): this does. Bounded:
 * the dump gets {@link #DUMP_TIMEOUT}, the pid wait and the restore share the rest of {@link #TOTAL}.
 */
public final class CriuTrial {
    static final Duration DUMP_TIMEOUT = Duration.ofSeconds(20);
    static final Duration TOTAL = Duration.ofSeconds(30);
    static final String NAME = "trial dump and restore";

    private final Toolkit toolkit;
    private final Path criu;
    private final String criuVersion;

    CriuTrial(Toolkit toolkit, Path criu, String criuVersion) {
        this.toolkit = toolkit;
        this.criu = criu;
        this.criuVersion = criuVersion;
    }

    /** The trial as this process's own user. */
    Check run() {
        long start = System.nanoTime();
        String who = System.getProperty("user.name");
        Path dir = null;
        Process job = null;
        try {
            dir = Files.createTempDirectory("lsf-criu-doctor-");
            Path count = dir.resolve("count");
            job = startJob(dir, count);
            long before = waitForCount(count, 3);
            Dumper dumper = new Dumper(criu, toolkit.proc(), toolkit.host(), toolkit.children(), toolkit::now);
            DumpOutcome d = dumper.dump(new Dumper.Request(
                    dir,
                    job.pid(),
                    CriuCommand.AfterDump.LEAVE_STOPPED,
                    !toolkit.isRoot(),
                    List.of(),
                    DUMP_TIMEOUT,
                    1,
                    false));
            toolkit.signaller().signalGroup(job.pid(), "KILL"); // the trial's own group, criu left it stopped
            job.waitFor();
            if (d.status() == DumpOutcome.Status.CRIU_TIMED_OUT) {
                return hung(
                        "dump",
                        DUMP_TIMEOUT,
                        ": this criu hangs here",
                        "install criu >= 4.2 (jlink/scripts/provision-criu chooses one by this same trial), see README");
            }
            if (!d.dumped()) {
                return Check.fail(
                        NAME,
                        "criu " + criuVersion + ": dump as " + who + " failed: " + d.message(),
                        "see criu's message; check the file capabilities above");
            }
            Restorer.Plan plan =
                    new Restorer(toolkit.proc(), toolkit.ticker()).prepare(dir, left(start, 5), Optional.empty());
            if (!plan.ready()) {
                return Check.fail(NAME, plan.problem().get(), "PID 1 reaps slowly here: try again");
            }
            return restore(dir, plan, left(start, 1), who, before, count);
        } catch (IOException | RuntimeException e) {
            return Check.fail(NAME, String.valueOf(e.getMessage()), "see the message");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.fail(NAME, "interrupted", "run it again");
        } finally {
            if (job != null) {
                job.destroyForcibly();
            }
            delete(dir);
        }
    }

    /**
     * The trial job as LSF starts one: a group-leading shell that runs the counting shell, which is
     * what a dump takes (the leader's only child, as the job-file shell's command under LSF).
     */
    private static Process startJob(Path dir, Path count) throws IOException {
        String loop = "i=0; while :; do i=$((i+1)); echo $i > " + count + "; sleep 0.1; done";
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/setsid", "/bin/sh", "-c", "/bin/sh -c '" + loop + "'; :")
                .directory(dir.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(ChildProcess.CLEAN_ENVIRONMENT);
        return pb.start();
    }

    /** criu's restore of the chosen generation, detached, and the restored job seen counting on; then it is ended. */
    private Check restore(Path dir, Restorer.Plan plan, Duration timeout, String who, long before, Path count)
            throws IOException, InterruptedException {
        Path pidFile = dir.resolve("restored.pid");
        List<String> restore = new ArrayList<>(List.of("/usr/bin/setsid"));
        restore.addAll(CriuCommand.restore(
                criu,
                plan.generation().get(),
                CriuCommand.RestoreMode.DETACHED,
                Optional.of(pidFile),
                !toolkit.isRoot(),
                Optional.empty(),
                List.of()));
        CriuResult r = toolkit.children()
                .run(restore, null, timeout, Optional.of(plan.generation().get().resolve(CriuCommand.RESTORE_LOG)));
        if (r.timedOut()) {
            return hung("restore", timeout, "", "install criu >= 4.2, see README");
        }
        if (!r.succeeded()) {
            return Check.fail(
                    NAME,
                    "criu " + criuVersion + ": restore as " + who + " failed: " + r.describe(),
                    "'Unable to drop capability 24': add cap_setpcap to criu's capabilities (see file capabilities)");
        }
        long dumped = plan.manifest().get().rootPid();
        long restored = UserFiles.readIfPresent(pidFile, 32)
                .filter(t -> t.matches("[0-9]{1,9}"))
                .map(Long::parseLong)
                .orElse(-1L);
        try {
            if (restored != dumped) {
                return Check.fail(
                        NAME,
                        "criu " + criuVersion + ": restore as " + who + " reported pid " + restored
                                + ", not the trial process " + dumped + " it dumped",
                        "see restore.log; nothing else was signalled");
            }
            long after = waitForCount(count, before + 3);
            return Check.pass(
                    NAME,
                    "criu " + criuVersion + " as " + who + ": dumped at " + before + ", restored as pid " + restored
                            + ", counted on to " + after);
        } finally {
            endRestored(dumped);
        }
    }

    /** Ends the restored trial job: the process criu restored with the dumped pid, if it is still this user's job. */
    private void endRestored(long pid) {
        Optional<ProcStat> st = toolkit.proc().stat(pid);
        long own = toolkit.proc()
                .stat(ProcessHandle.current().pid())
                .map(ProcStat::pgid)
                .orElse(-1L);
        if (st.isPresent() && st.get().pgid() > 1 && st.get().pgid() != own) {
            toolkit.signaller().signalGroup(st.get().pgid(), "KILL");
        } else if (st.isPresent()) {
            toolkit.signaller().killProcess(pid);
        }
    }

    /** The trial's verdict on a criu {@code step} that did not finish within {@code bound}. */
    private Check hung(String step, Duration bound, String verdict, String advice) {
        return Check.fail(
                NAME,
                "criu " + criuVersion + ": " + step + " did not finish within " + bound.toSeconds()
                        + " s on this host (" + HostFingerprint.describeHost() + ")" + verdict,
                advice);
    }

    /** What is left of {@link #TOTAL} since {@code start}, at least {@code floorSeconds}. */
    private static Duration left(long start, long floorSeconds) {
        Duration left = TOTAL.minus(Duration.ofNanos(System.nanoTime() - start));
        return left.compareTo(Duration.ofSeconds(floorSeconds)) < 0 ? Duration.ofSeconds(floorSeconds) : left;
    }

    private static long waitForCount(Path count, long atLeast) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                long n = Long.parseLong(UserFiles.readString(count, 32).strip());
                if (n >= atLeast) {
                    return n;
                }
            } catch (IOException | NumberFormatException e) {
                // not written yet
            }
            Thread.sleep(50);
        }
        throw new IOException("the trial process did not count to " + atLeast + " in 5 s");
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            UserFiles.deleteTree(dir);
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail the check
        }
    }
}
