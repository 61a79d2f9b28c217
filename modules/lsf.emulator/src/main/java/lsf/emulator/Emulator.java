package lsf.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A single-host LSF: runs one submitted job and its restarts as LSF runs them, calling the
 * image's TERMINATE action, checkpoint method, POST_EXEC and restart method with LSF's argv,
 * environment, working directory and stdio (see lsf-contract.md), and keeps a timeline.
 */
public final class Emulator {
    /** Whether LSF runs the TERMINATE action again while the job survives it. */
    public enum ActionMode {
        IBM,
        OPENLAVA
    }

    /**
     * @param image the simulation image whose programs are called
     * @param lsf the emulator's directory (commands, spool, job files)
     * @param actionRerunSeconds IBM mode: how long after an action the next runs while the job lives
     * @param user run the job and every program as this user (the emulator then runs as root)
     * @param jobStarter the queue's JOB_STARTER, empty for none
     * @param postExecAsRoot POST_EXEC runs as root, as with {@code LSB_PRE_POST_EXEC_USER=root}, while
     *     everything else runs as {@code user}
     */
    public record Settings(
            Path image,
            Path lsf,
            ActionMode mode,
            long actionRerunSeconds,
            Optional<String> user,
            String jobStarter,
            boolean postExecAsRoot) {
        /** POST_EXEC as the job's user, as LSF runs it by default. */
        public Settings(
                Path image,
                Path lsf,
                ActionMode mode,
                long actionRerunSeconds,
                Optional<String> user,
                String jobStarter) {
            this(image, lsf, mode, actionRerunSeconds, user, jobStarter, false);
        }
    }

    /** How the chain of runs ended: the last job's wait status and every job id. */
    public record Result(int waitStatus, List<Long> jobIds, Timeline timeline) {
        /** The exit code a shell would report: the job's, or 128 + signal. */
        public int exitCode() {
            return Children.exitCode(waitStatus);
        }
    }

    private final Settings settings;
    private final Timeline timeline;
    private final Children children;
    private final JobUserFiles files;
    private final Path spool;
    private final String requester;
    private final java.util.Set<Long> startedGroups = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Long> ids = new ArrayList<>();
    private long nextId = 101;
    private SimJob job;
    private JobSpec spec;
    private Process action;
    private Process postExec;
    private boolean postExecDone;
    private final Checkpoints checkpoints;
    private final Restarts restarts;
    private volatile boolean hostFailure;
    private volatile long lingerNanos;
    private long postExecEndedNanos;
    /** When the job's instance ended by a host failure or a migration: the next instance starts then. */
    private long nextInstanceNanos;

    public Emulator(Settings settings, Timeline timeline) {
        this.settings = settings;
        this.timeline = timeline;
        this.children = new Children(settings.user());
        this.files = new JobUserFiles(children.asUser());
        this.spool = settings.lsf().resolve("spool");
        this.requester = settings.user().isPresent() ? settings.user().get() : System.getProperty("user.name");
        try {
            for (String d : new String[] {"req", "reply", "jobs"}) {
                chown(spool.resolve(d)); // the job user's LSF commands write requests; nobody else can
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give the spool to " + requester, e);
        }
        this.restarts = new Restarts(this);
        this.checkpoints = new Checkpoints(this);
    }

    /** Creates the emulator's LSF commands under {@code lsf}; returns their directory (for LSF_BINDIR). */
    public static Path install(Path lsf) throws IOException {
        Files.createDirectories(lsf.resolve("jobs"));
        Files.setPosixFilePermissions(lsf, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(lsf.resolve("jobs"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return LsfScripts.write(lsf);
    }

    /**
     * Kills every process group this emulator started a job in that still has members: what
     * {@code lsf-criu simulate} does when it is stopped (SIGINT, SIGTERM, a failure), so that no
     * job of the simulation outlives it.
     */
    public void killAll() {
        java.util.Set<Long> groups = new java.util.TreeSet<>(startedGroups);
        // a job whose start is under way when the simulation is stopped is not in startedGroups yet: every
        // child of this emulator that leads a process group of its own (the jobs' setsid shells) is one too
        ProcessHandle.current()
                .children()
                .map(ProcessHandle::pid)
                .filter(ProcessGroups::leadsItsGroup)
                .forEach(groups::add);
        for (long pgid : groups) {
            if (!ProcessGroups.members(pgid).isEmpty()) {
                ProcessGroups.kill(pgid);
            }
        }
    }

    /**
     * Keeps the emulated cluster up for {@code linger} after the last job's POST_EXEC, so that a user
     * (a test) can still act on the ended job, e.g. {@code brestart} it after {@code bchkpnt -k}.
     */
    public void linger(Duration linger) {
        lingerNanos = linger.toNanos();
    }

    /** How LSF reruns a job ({@code bsub -r}) after its host failed. */
    public enum RerunMode {
        /** "As if it were submitted new", as IBM documents: the job's command from the start (a job starter may resume it). */
        AS_NEW,
        /**
         * Through the checkpoint method's restart path, as volclava's sources suggest for a checkpointed
         * job: {@code erestart.criu} with {@code LSB_RESTART=Y} under the same id, its restart command run
         * as the job (a job never checkpointed reruns as new).
         */
        THROUGH_RESTART
    }

    private volatile RerunMode rerunMode = RerunMode.AS_NEW;

    /**
     * The execution host fails: every process of the job is killed at once (SIGKILL), no POST_EXEC
     * runs, and LSF reruns the job under the same id "as if it were submitted new" ({@code bsub -r}).
     */
    public void failHost() {
        failHost(RerunMode.AS_NEW);
    }

    /** The execution host fails, and LSF reruns the job the way {@code mode} says. */
    public void failHost(RerunMode mode) {
        rerunMode = mode;
        hostFailure = true;
    }

    Timeline timeline() {
        return timeline;
    }

    Settings settings() {
        return settings;
    }

    Children children() {
        return children;
    }

    /** Files in the job user's places (checkpoint directories, the spool's job, reply and request files). */
    JobUserFiles files() {
        return files;
    }

    JobSpec spec() {
        return spec;
    }

    /** Submits {@code spec} and runs it, with its restarts, to the end; at {@code timeout} everything is killed. */
    public Result run(JobSpec spec, Duration timeout) throws IOException, InterruptedException {
        this.spec = spec;
        long deadline = System.nanoTime() + timeout.toNanos();
        start(nextId++, spec.command(), Map.of(), Optional.empty());
        while (true) {
            if (System.nanoTime() > deadline) {
                timeline.add(job.id, "emulator timeout", "killing everything after " + timeout.toSeconds() + " s");
                ProcessGroups.kill(job.pgid());
                throw new IllegalStateException("simulation did not finish within " + timeout.toSeconds() + " s");
            }
            requests();
            step();
            if (job.ended
                    && postExecDone
                    && action == null
                    && !checkpoints.running()
                    && !restarts.pending()
                    && System.nanoTime() - postExecEndedNanos >= lingerNanos) {
                return new Result(job.waitStatus, List.copyOf(ids), timeline);
            }
            Thread.sleep(50);
        }
    }

    private void step() throws IOException {
        endedInstances();
        if (!job.ended
                && spec.checkpointPeriodSeconds() > 0
                && action == null
                && !checkpoints.running()
                && !checkpoints.pending()
                && System.nanoTime() - job.lastPeriodicNanos > spec.checkpointPeriodSeconds() * 1e9) {
            job.lastPeriodicNanos = System.nanoTime();
            timeline.add(job.id, "periodic checkpoint", "every " + spec.checkpointPeriodSeconds() + " s");
            checkpoints.request(false, false);
        }
        if (!job.ended) {
            if (!job.limitReached && job.secondsRunning() >= spec.runLimitSeconds()) {
                job.limitReached = true;
                timeline.add(job.id, "run limit", spec.runLimitSeconds() + " s reached");
                bjobs(job);
                startAction(LsfReasons.RUNLIMIT);
            } else if (settings.mode() == ActionMode.IBM
                    && job.limitReached
                    && action == null
                    && !checkpoints.pending()
                    && System.nanoTime() - job.lastActionNanos > settings.actionRerunSeconds() * 1e9) {
                startAction(LsfReasons.RUNLIMIT);
            }
        }
        if (action != null && !action.isAlive()) {
            timeline.add(job.id, "action exit", "TERMINATE action exited " + action.exitValue());
            action = null;
            checkpoints.actionEnded();
        }
        checkpoints.step();
        if (postExec != null && !postExec.isAlive()) {
            timeline.add(job.id, "post-exec exit", "POST_EXEC exited " + postExec.exitValue());
            postExec = null;
            postExecDone = true;
            postExecEndedNanos = System.nanoTime();
        }
        if (postExecDone) {
            restarts.dispatchDue();
        }
    }

    /**
     * A host failure kills the job's processes; a job that ended is recorded, and its POST_EXEC
     * started, or (after a host failure or a migration) its next instance starts in due time.
     */
    private void endedInstances() throws IOException {
        if (hostFailure && !job.ended) {
            hostFailure = false;
            job.hostFailed = true;
            timeline.add(job.id, "host failure", "every process of the job killed, no POST_EXEC; the job reruns");
            ProcessGroups.kill(job.pgid());
            if (action != null) {
                action.destroyForcibly();
            }
        }
        if (!job.ended && !job.shell.isAlive()) {
            job.ended = true;
            job.waitStatus = Children.waitStatus(job.shell.exitValue());
            timeline.add(job.id, "job exit", Children.describe(job.waitStatus));
            bjobs(job);
            files.delete(spool.resolve("jobs/" + job.id + ".checkpointable"));
            if (job.hostFailed || job.migrating) {
                nextInstanceNanos = System.nanoTime() + Restarts.DISPATCH_DELAY_NANOS;
            } else {
                postExec = startPostExec();
            }
        }
        if (job.ended
                && (job.hostFailed || job.migrating)
                && !checkpoints.running()
                && System.nanoTime() >= nextInstanceNanos) {
            SimJob ended = job;
            if (ended.hostFailed && rerunMode == RerunMode.THROUGH_RESTART && checkpoints.lastSucceeded()) {
                timeline.add(
                        ended.id,
                        "rerun",
                        "job " + ended.id
                                + " rerun through its checkpoint method's restart path after the host failure");
                restarts.restartInPlace(ended.id, "rerun dispatch");
            } else if (ended.hostFailed) {
                timeline.add(ended.id, "rerun", "job " + ended.id + " rerun from the beginning after the host failure");
                start(ended.id, spec.command(), Map.of(), Optional.empty());
            } else if (checkpoints.lastSucceeded()) {
                restarts.migrate(ended.id);
            } else {
                ended.migrating = false;
                postExec = startPostExec();
            }
        }
    }

    /** Starts job {@code id}: its job file, its own session and process group, output appended. */
    void start(long id, String command, Map<String, String> extra, Optional<Long> restartedFrom) throws IOException {
        Map<String, String> env = new HashMap<>(spec.environment());
        env.put("LSB_JOBID", Long.toString(id));
        env.put("LSB_JOBINDEX", Long.toString(spec.jobIndex()));
        env.put("LSB_HOSTS", hostname());
        env.putIfAbsent("LSB_QUEUE", JobSpec.QUEUE);
        env.put("LSFUSERNAME", requester); // LSF's own name for the job's user
        env.put("LSB_TRAPSIGS", JobFile.TRAPSIGS);
        Optional<Path> chk = spec.checkpointParent().map(p -> p.resolve(Long.toString(id)));
        if (chk.isPresent()) {
            env.put("LSB_CHKPNT_DIR", chk.get().toString());
            env.put("LSB_ECHKPNT_METHOD", "criu");
            env.put("LSB_ECHKPNT_METHOD_DIR", settings.image().resolve("bin").toString());
            if (restartedFrom.isEmpty()) {
                files.createPrivateDirectory(chk.get()); // as the job's user, as LSF creates it
            }
            files.write(spool.resolve("jobs/" + id + ".checkpointable"), "");
        }
        spec.outputFile().ifPresent(o -> env.put("LSB_OUTPUTFILE", o.toString()));
        if (spec.interactive()) {
            env.put("LSB_INTERACTIVE", "Y");
        }
        env.putAll(extra);
        Path jobFile = settings.lsf().resolve("jobs").resolve(Long.toString(id));
        String user = restartedFrom.isPresent() ? command : JobFile.userCommand(command, settings.jobStarter());
        Files.writeString(jobFile, JobFile.text(env, user));
        Process shell = children.start(
                List.of("setsid", "/bin/sh", jobFile.toString()),
                env,
                spec.cwd(),
                spec.outputFile().map(Path::toFile).orElse(null));
        job = new SimJob(id, env, chk, restartedFrom, shell);
        startedGroups.add(job.pgid());
        ids.add(id);
        postExecDone = false;
        bjobs(job);
        timeline.add(
                id,
                restartedFrom.isPresent() ? "restarted job start" : "job start",
                "pgid " + job.pgid() + (restartedFrom.isPresent() ? ", restarted from job " + restartedFrom.get() : "")
                        + ": " + user);
    }

    private void startAction(LsfReasons reasons) {
        Map<String, String> env = new HashMap<>(job.env);
        env.put("LSB_SUSP_REASONS", Long.toString(reasons.reasons()));
        env.put("LSB_SUSP_SUBREASONS", Long.toString(reasons.subreasons()));
        env.put("LSB_JOBPGIDS", job.pgid() + " ");
        env.put(
                "LSB_JOBPIDS",
                ProcessGroups.members(job.pgid()).stream().map(String::valueOf).collect(Collectors.joining(" ")) + " ");
        env.put("LS_EXEC_T", "JOB_CONTROLS");
        String terminate = settings.image().resolve("bin/lsf-criu-terminate").toString();
        action = children.start(List.of("/bin/sh", "-c", terminate), env, spec.cwd(), null);
        job.lastActionNanos = System.nanoTime();
        timeline.add(
                job.id,
                "action start",
                "TERMINATE[" + terminate + "] reasons " + reasons.reasons() + "/" + reasons.subreasons());
    }

    private Process startPostExec() {
        Map<String, String> env = new HashMap<>(job.env);
        env.put("LSB_JOBEXIT_STAT", Integer.toString(job.waitStatus));
        env.put("LS_EXEC_T", "END");
        env.put("PATH", "/bin:/usr/bin:/sbin:/usr/sbin");
        String post = settings.image().resolve("bin/lsf-criu-post-exec").toString();
        timeline.add(job.id, "post-exec start", "LSB_JOBEXIT_STAT=" + job.waitStatus);
        Children runner = settings.postExecAsRoot() ? new Children(Optional.empty()) : children;
        return runner.start(List.of("/bin/sh", "-c", post), env, Path.of("/tmp"), null);
    }

    private void requests() throws IOException {
        List<Path> requests = new ArrayList<>();
        // complete requests only: the commands write "<name>.tmp" and rename it when it is whole
        try (DirectoryStream<Path> req =
                Files.newDirectoryStream(spool.resolve("req"), "*.{bchkpnt,bkill,brestart,bmig}")) {
            req.forEach(requests::add);
        }
        requests.sort(null);
        for (Path f : requests) {
            String owner =
                    Files.getOwner(f, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName();
            if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || !(owner.equals(requester) || owner.equals("root"))) {
                timeline.add(
                        job.id, "request refused", f.getFileName() + " written by " + owner + ", not " + requester);
                files.delete(f);
                continue;
            }
            String kind = f.getFileName().toString().replaceAll(".*\\.", "");
            String[] words = files.read(f).strip().split(" ");
            files.delete(f);
            switch (kind) {
                case "bchkpnt":
                    boolean kill = words.length > 1 && words[1].equals("1");
                    timeline.add(job.id, "bchkpnt", "checkpoint requested" + (kill ? " with -k" : ""));
                    checkpoints.request(kill, action != null);
                    break;
                case "bkill":
                    timeline.add(job.id, "bkill", "signal " + (words.length > 1 ? words[1] : "KILL"));
                    if (action == null && !job.ended) {
                        startAction(LsfReasons.USER_KILL);
                    }
                    break;
                case "bmig":
                    timeline.add(job.id, "bmig", "checkpoint with -k, then restart under the same id");
                    if (!job.ended && !checkpoints.running()) {
                        job.migrating = true;
                        checkpoints.request(true, action != null);
                    }
                    break;
                case "brestart":
                    restarts.submit(
                            f.getFileName().toString().replace(".brestart", ""),
                            Path.of(words[0]),
                            Long.parseLong(words[1]),
                            nextId++,
                            words.length > 2 ? Optional.of(words[2]) : Optional.empty());
                    break;
                default:
                    break;
            }
        }
    }

    SimJob job() {
        return job;
    }

    Path spool() {
        return spool;
    }

    void bjobs(SimJob j) {
        String pids =
                ProcessGroups.members(j.pgid()).stream().map(String::valueOf).collect(Collectors.joining(","));
        String stat = !j.ended ? "RUN" : j.waitStatus == 0 ? "DONE" : "EXIT";
        files.write(
                spool.resolve("jobs/" + j.id + ".json"),
                "{\"JOBID\":\"" + j.id + "\",\"STAT\":\"" + stat + "\",\"PIDS\":\"" + (pids.isEmpty() ? "-" : pids)
                        + "\",\"START_TIME\":\"-\",\"RUN_TIME\":\"" + j.secondsRunning() + " second(s)\"}\n");
    }

    void chown(Path p) throws IOException {
        if (settings.user().isPresent()) {
            Files.setOwner(
                    p,
                    p.getFileSystem()
                            .getUserPrincipalLookupService()
                            .lookupPrincipalByName(settings.user().get()));
        }
    }

    static String hostname() {
        try {
            // one large read: a /proc/sys file answers only its first read (Files.readString reads one byte first)
            try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/hostname"))) {
                return new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            return "localhost";
        }
    }
}
