package criu.invoke;

import criu.invoke.files.UserFiles;
import criu.invoke.image.CriuStats;
import criu.invoke.image.Generations;
import criu.invoke.image.ImageFiles;
import criu.invoke.image.JobFiles;
import criu.invoke.image.Manifest;
import criu.invoke.image.PstreeImage;
import criu.invoke.proc.CriuVersion;
import criu.invoke.proc.HostInfo;
import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.proc.ProcessTable;
import criu.invoke.proc.TaskCredentials;
import criu.invoke.process.ChildRunner;
import criu.invoke.process.CriuResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Dumps a job into a new generation: finds the dump root from the job's process group, runs criu,
 * and makes the generation current only when criu succeeded and the image is complete. A failed,
 * hung or partial dump removes its own directory and leaves the previous generation current.
 */
public final class Dumper {
    /** Where the last failed dump's log is kept, under the generations' directory. */
    public static final String FAILED_LOG = "last-failed-dump.log";

    private final Path criu;
    private final ProcFs proc;
    private final HostInfo host;
    private final ChildRunner children;
    private final LongSupplier epochSeconds;

    /** Everything about a dump that the administrator or the caller decides. */
    public record Request(
            Path checkpointDir,
            long pgid,
            CriuCommand.AfterDump after,
            boolean unprivileged,
            List<String> extraOptions,
            Duration timeout,
            int keepGenerations,
            boolean checksums,
            Optional<Long> restoredRoot,
            long fileCopyMaxBytes) {
        /**
         * A dump of a job that was never restored (or whose restored root is not known), recording its
         * open files without copies.
         */
        public Request(
                Path checkpointDir,
                long pgid,
                CriuCommand.AfterDump after,
                boolean unprivileged,
                List<String> extraOptions,
                Duration timeout,
                int keepGenerations,
                boolean checksums) {
            this(
                    checkpointDir,
                    pgid,
                    after,
                    unprivileged,
                    extraOptions,
                    timeout,
                    keepGenerations,
                    checksums,
                    Optional.empty(),
                    0);
        }
    }

    /** A dumper on this machine: criu runs as a child process, the manifest takes the wall clock's time. */
    public Dumper(Path criu, ProcFs proc, HostInfo host) {
        this(criu, proc, host, ChildRunner.SYSTEM, () -> System.currentTimeMillis() / 1000);
    }

    /** A dumper whose processes run through {@code children} and whose manifests take {@code epochSeconds}. */
    public Dumper(Path criu, ProcFs proc, HostInfo host, ChildRunner children, LongSupplier epochSeconds) {
        this.criu = criu;
        this.proc = proc;
        this.host = host;
        this.children = children;
        this.epochSeconds = epochSeconds;
    }

    /** Dumps with a fresh table of this host's processes. */
    public DumpOutcome dump(Request r) {
        return dump(r, ProcessTable.read(proc));
    }

    /**
     * Dumps, choosing the dump root from {@code table} (read just before, by a caller that needs it too).
     * criu always leaves the tree stopped, so that the job's files are recorded as the image saw them;
     * a {@link CriuCommand.AfterDump#KEEP_RUNNING} dump then continues it (SIGCONT), whatever the outcome.
     */
    public DumpOutcome dump(Request r, ProcessTable table) {
        // a KEEP_RUNNING dump's job is continued once: as soon as its files are recorded (before the
        // image is flushed and committed), or when the attempt ends, whatever its outcome
        java.util.concurrent.atomic.AtomicBoolean resumed =
                new java.util.concurrent.atomic.AtomicBoolean(r.after() != CriuCommand.AfterDump.KEEP_RUNNING);
        // the guard that continues (or kills) the tree should this process die while criu holds it stopped
        java.util.concurrent.atomic.AtomicReference<Optional<Long>> guard =
                new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
        java.util.function.Consumer<List<ProcStat>> resume = stopped -> {
            if (resumed.compareAndSet(false, true)) {
                continueTree(table, stopped, guard.getAndSet(Optional.empty()));
            }
        };
        Attempt a;
        try {
            a = attempt(r, table, resume, guard);
        } catch (RuntimeException e) {
            // whatever failed once criu may have run, the job must not stay stopped
            if (!resumed.get()) {
                DumpRoot.choose(table, r.pgid(), r.restoredRoot())
                        .root()
                        .ifPresent(root -> resume.accept(ProcessTable.tree(proc, root.pid())));
            }
            cancelGuard(guard.getAndSet(Optional.empty()));
            throw e;
        }
        resume.accept(a.stopped());
        if (!a.outcome().dumped()) {
            cancelGuard(guard.getAndSet(Optional.empty())); // criu let the tree run on when it failed
        }
        // a LEAVE_STOPPED dump that succeeded keeps its guard: the tree it leaves stopped is killed once this
        // process ends (echkpnt.criu kills it first), never left stopped for good
        return a.outcome();
    }

    /**
     * Detaches the {@link DumpGuard} of a dump of group {@code r.pgid()} about to start; empty when this
     * process cannot be named or the guard did not start (the dump goes on without it).
     */
    private Optional<Long> startGuard(Request r, ProcessTable table) {
        Optional<ProcStat> self = proc.stat(ProcessHandle.current().pid());
        if (self.isEmpty()) {
            return Optional.empty();
        }
        List<Long> stoppedBefore = table.group(r.pgid()).stream()
                .filter(Dumper::stopped)
                .map(ProcStat::pid)
                .toList();
        String signal = r.after() == CriuCommand.AfterDump.KEEP_RUNNING ? "CONT" : "KILL";
        return DumpGuard.start(children, DumpGuard.argv(self.get(), r.timeout(), signal, r.pgid(), stoppedBefore));
    }

    private void cancelGuard(Optional<Long> guard) {
        guard.ifPresent(g -> children.run(
                List.of("/bin/kill", "-s", "KILL", Long.toString(g)), null, Duration.ofSeconds(10), Optional.empty()));
    }

    /** A dump attempt: its outcome, and the tree criu left stopped, read once criu returned (empty: criu never ran). */
    private record Attempt(DumpOutcome outcome, List<ProcStat> stopped) {}

    /**
     * SIGCONT to every process of the tree criu left stopped ({@code stopped}: criu dumped the tree as it
     * was when it seized it, so a child forked after {@code before} was read is in it) except those that
     * were stopped before the dump: a job LSF had suspended (bstop, a load threshold) stays suspended.
     */
    private void continueTree(ProcessTable before, List<ProcStat> stopped, Optional<Long> guard) {
        List<String> pids = continuable(before, stopped);
        if (pids.isEmpty()) {
            cancelGuard(guard);
            return;
        }
        // one shell continues the job, then ends its guard: nothing is left for the guard to do
        List<String> argv = new java.util.ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "g=$1; shift; kill -s CONT \"$@\"; [ \"$g\" = - ] || kill -s KILL \"$g\"",
                "kill",
                guard.map(String::valueOf).orElse("-")));
        argv.addAll(pids);
        children.run(argv, null, Duration.ofSeconds(10), Optional.empty());
    }

    /** The pids of the tree {@code now} that are no zombies and were not stopped in {@code before}. Pure. */
    static List<String> continuable(ProcessTable before, List<ProcStat> now) {
        return now.stream()
                .filter(p -> !p.isZombie())
                .filter(p -> before.get(p.pid()).map(b -> !stopped(b)).orElse(true))
                .map(p -> Long.toString(p.pid()))
                .toList();
    }

    /** Stopped (by a signal or a tracer): LSF's suspension, or criu's hold. */
    private static boolean stopped(ProcStat p) {
        return p.state() == 'T' || p.state() == 't';
    }

    private Attempt attempt(
            Request r,
            ProcessTable table,
            java.util.function.Consumer<List<ProcStat>> resume,
            java.util.concurrent.atomic.AtomicReference<Optional<Long>> guard) {
        DumpRoot.Choice choice = DumpRoot.choose(table, r.pgid(), r.restoredRoot());
        if (choice.root().isEmpty()) {
            return new Attempt(
                    DumpOutcome.failed(
                            DumpOutcome.Status.NO_DUMP_ROOT, choice.reason(), Optional.empty(), Optional.empty()),
                    List.of());
        }
        long root = choice.root().get().pid();
        Optional<String> foreign = foreignTask(table.tree(root));
        if (foreign.isPresent()) {
            return refused(DumpOutcome.Status.REFUSED, "refusing to dump: " + foreign.get(), root);
        }
        Generations generations = new Generations(r.checkpointDir());
        Path partial;
        try {
            partial = generations.begin();
        } catch (IOException e) {
            return refused(
                    DumpOutcome.Status.IO_ERROR,
                    "cannot create a generation under " + generations.base() + ": " + e,
                    root);
        }
        List<String> argv = CriuCommand.dump(criu, root, partial, r.after(), r.unprivileged(), r.extraOptions());
        Preload.start();
        guard.set(startGuard(r, table));
        CriuResult result = children.run(argv, null, r.timeout(), Optional.of(partial.resolve(CriuCommand.DUMP_LOG)));
        long criuReturned = System.nanoTime();
        if (!result.succeeded()) {
            endStrayCriu(partial);
        }
        // the tree as criu left it (stopped), children forked since the table was read included
        List<ProcStat> stopped = ProcessTable.tree(proc, root);
        Image image = image(r, result, partial, root);
        try {
            if (image.failure().isPresent()) {
                String message = image.message() + fullFilesystem(generations.base()); // before the partial is freed
                keepFailedLog(partial, generations);
                generations.abandon(partial);
                return new Attempt(
                        DumpOutcome.failed(image.failure().get(), message, Optional.of(root), Optional.of(result)),
                        stopped);
            }
            return new Attempt(
                    commit(r, generations, partial, root, choice, result, image.tasks(), stopped, resume, criuReturned),
                    stopped);
        } catch (IOException e) {
            try {
                generations.abandon(partial);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
            return new Attempt(
                    DumpOutcome.failed(
                            DumpOutcome.Status.IO_ERROR,
                            "cannot complete generation " + partial + ": " + e,
                            Optional.of(root),
                            Optional.of(result)),
                    stopped);
        }
    }

    /**
     * Ends the helpers a criu killed under the dump leaves (a child of its waits for it for ever): the
     * processes whose command line names this dump's partial generation.
     */
    private void endStrayCriu(Path partial) {
        String mark = "\0" + partial + "\0";
        List<String> argv = new java.util.ArrayList<>(List.of("/bin/kill", "-s", "KILL", "--"));
        for (long pid : proc.pids()) {
            proc.text(pid, "cmdline")
                    .filter(c -> (c + "\0").contains(mark))
                    .ifPresent(c -> argv.add(Long.toString(pid)));
        }
        if (argv.size() > 4) {
            children.run(argv, null, Duration.ofSeconds(10), Optional.empty());
        }
    }

    private static Attempt refused(DumpOutcome.Status status, String message, long root) {
        return new Attempt(DumpOutcome.failed(status, message, Optional.of(root), Optional.empty()), List.of());
    }

    /** What criu's run left in the partial generation: its tasks, or why it is no image. */
    private record Image(List<PstreeImage.Task> tasks, Optional<DumpOutcome.Status> failure, String message) {}

    private static Image image(Request r, CriuResult result, Path partial, long root) {
        if (result.timedOut()) {
            return new Image(
                    List.of(),
                    Optional.of(DumpOutcome.Status.CRIU_TIMED_OUT),
                    "criu dump did not finish within " + r.timeout().toSeconds() + " s and was killed: "
                            + result.describe());
        }
        if (result.exitStatus() != 0) {
            return new Image(
                    List.of(), Optional.of(DumpOutcome.Status.CRIU_FAILED), "criu dump failed: " + result.describe());
        }
        try {
            List<PstreeImage.Task> tasks =
                    PstreeImage.parse(UserFiles.read(partial.resolve("pstree.img"), PstreeImage.MAX_BYTES));
            for (String required : List.of("inventory.img", "core-" + root + ".img")) {
                if (!Files.isRegularFile(partial.resolve(required))) {
                    throw new IllegalArgumentException(required + " is missing");
                }
            }
            return new Image(tasks, Optional.empty(), "");
        } catch (IOException | IllegalArgumentException e) {
            return new Image(
                    List.of(),
                    Optional.of(DumpOutcome.Status.INCOMPLETE_IMAGE),
                    "criu dump exited 0 but the image is incomplete (" + e.getMessage() + "): " + result.describe());
        }
    }

    /**
     * Records the stopped tree's files, continues a job that keeps running ({@code resume}), puts the
     * image on stable storage, writes the manifest and makes the generation current: the job never
     * waits for the flush, and no generation is current before its pages are on disk.
     */
    private DumpOutcome commit(
            Request r,
            Generations generations,
            Path partial,
            long root,
            DumpRoot.Choice choice,
            CriuResult result,
            List<PstreeImage.Task> tasks,
            List<ProcStat> stopped,
            java.util.function.Consumer<List<ProcStat>> resume,
            long criuReturned)
            throws IOException {
        // the tree is stopped: what its files hold now is what the image expects
        List<JobFiles.Entry> written =
                JobFiles.record(proc, stopped.stream().map(ProcStat::pid).toList(), partial, r.fileCopyMaxBytes());
        resume.accept(stopped);
        long frozenAfterCriu = (System.nanoTime() - criuReturned) / 1_000_000; // stopped by criu's --leave-stopped
        long flushStart = System.nanoTime();
        ImageFiles.flush(partial);
        long flushMillis = (System.nanoTime() - flushStart) / 1_000_000;
        List<Manifest.ImageFile> files = ImageFiles.list(partial, r.checksums());
        String version = criuVersion(partial.resolve(CriuCommand.DUMP_LOG));
        Manifest manifest = new Manifest(
                Generations.number(partial),
                epochSeconds.getAsLong(),
                root,
                PstreeImage.ids(tasks),
                version,
                host.hostname(),
                host.kernel(),
                files,
                Optional.of(host.fingerprint().apply(version)));
        Path complete = generations.commit(partial, manifest);
        generations.prune(r.keepGenerations());
        Map<String, Long> stats = new LinkedHashMap<>(CriuStats.parse(result.stdout()));
        stats.put("image_bytes", manifest.imageBytes());
        stats.put("wall_time_ms", result.wallTime().toMillis());
        stats.put("flush_ms", flushMillis);
        if (r.after() == CriuCommand.AfterDump.KEEP_RUNNING) {
            stats.put("resumed_after_criu_ms", frozenAfterCriu);
        }
        stats.put("tasks", (long) tasks.size());
        stats.put("files_recorded", (long) written.size());
        stats.put(
                "files_copied",
                written.stream().filter(f -> f.copy().isPresent()).count());
        return new DumpOutcome(
                DumpOutcome.Status.DUMPED,
                "dumped pid " + root + " (" + choice.reason() + ") into " + complete,
                Optional.of(complete),
                Optional.of(root),
                stats,
                Optional.of(result));
    }

    /**
     * When the checkpoint filesystem is (nearly) full, says so: criu's own log is on that filesystem,
     * so its last words (the errno text of a failed write) are often the ones it could not write.
     */
    static String fullFilesystem(Path dir) {
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            return free < (1 << 20)
                    ? "; the checkpoint filesystem has " + free + " bytes free: No space left on device"
                            + " (criu's log may be cut short by it)"
                    : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The failed attempt's dump.log outlives its generation, as {@code criu/last-failed-dump.log} (a rename: no space needed). */
    private static void keepFailedLog(Path partial, Generations generations) {
        try {
            Files.move(
                    partial.resolve(CriuCommand.DUMP_LOG),
                    generations.base().resolve(FAILED_LOG),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // no log to keep (criu never started) or no directory: the message quotes what there was
        }
    }

    /**
     * The first task of the tree that holds a capability or runs as another user than this process:
     * criu would dump (and later restore) it with what it holds.
     */
    private Optional<String> foreignTask(List<ProcStat> tree) {
        long uid = proc.uid();
        for (ProcStat task : tree) {
            Optional<String> refusal =
                    proc.status(task.pid()).flatMap(TaskCredentials::of).flatMap(c -> c.dumpRefusal(task.pid(), uid));
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /** The version criu wrote at the top of its dump log, or else the host's answer (a criu run of its own). */
    private String criuVersion(Path log) {
        try (InputStream in = Files.newInputStream(log, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Optional<CriuVersion> v = CriuVersion.inLog(new String(in.readNBytes(8192), StandardCharsets.UTF_8));
            if (v.isPresent()) {
                return v.get().toString();
            }
        } catch (IOException e) {
            // the fallback below asks criu itself
        }
        return host.criuVersion().get();
    }
}
