package hooks.programs;

import checkpoint.store.CheckpointState;
import checkpoint.store.StateFile;
import checkpoint.store.StateFileException;
import criu.invoke.DumpOutcome;
import criu.invoke.Dumper;
import criu.invoke.proc.ProcStat;
import criu.invoke.proc.ProcessTable;
import hooks.cli.ExitCode;
import hooks.cli.PositiveNumber;
import hooks.cli.UsageException;
import hooks.system.Criu;
import hooks.system.Toolkit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import lsf.env.JobEnvironment;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * {@code echkpnt.criu}: LSF's checkpoint method, run as
 * {@code echkpnt.criu [-c] [-f] [-k] [-s] -d <jobid>.tmp <PGID>}. Dumps a new generation into the
 * checkpoint directory (it ignores {@code -d}, as IBM's own CRIU method does); exits 0 only when a
 * complete image is current. With {@code -k} nothing of the job survives.
 */
public final class EchkpntCriu extends LsfProgram {
    /** How long the checkpointed job's processes may take to disappear after SIGKILL. */
    static final long KILL_WAIT_MILLIS = 10_000;

    private final Toolkit toolkit;

    /** The arguments LSF passes, parsed. */
    record Arguments(boolean kill, boolean force, boolean stop, String directory, long pgid) {}

    public EchkpntCriu(Toolkit toolkit) {
        super("echkpnt.criu");
        this.toolkit = toolkit;
    }

    public static void main(String[] args) {
        exit(new EchkpntCriu(Toolkit.system(System.getenv())), args);
    }

    /** Parses LSF's argv; throws {@link UsageException} with the reason when it is not LSF's. */
    static Arguments parse(String... args) {
        OptionParser parser = new OptionParser();
        parser.accepts("c");
        parser.accepts("f");
        parser.accepts("k");
        parser.accepts("s");
        OptionSpec<String> dir = parser.accepts("d").withRequiredArg().required();
        OptionSet set = parser.parse(args);
        List<?> rest = set.nonOptionArguments();
        if (rest.size() != 1) {
            throw new UsageException("expected one process group id after the options, found " + rest.size()
                    + " (usage: echkpnt.criu [-c] [-f] [-k] [-s] -d <dir> <PGID>)");
        }
        long pgid = PositiveNumber.parse("PGID", rest.get(0).toString());
        return new Arguments(set.has("k"), set.has("f"), set.has("s"), set.valueOf(dir), pgid);
    }

    @Override
    protected String usage() {
        return "usage: echkpnt.criu [-c] [-f] [-k] [-s] -d <jobid>.tmp <PGID>\n"
                + "LSF's checkpoint method for CRIU: LSF runs it for bchkpnt; -k kills the job after the dump.";
    }

    @Override
    protected ExitCode execute(PrintWriter out, PrintWriter err, String... args) {
        Arguments a = parse(args);
        JobEnvironment env = JobEnvironment.of(toolkit.environment());
        if (env.checkpointDir().isEmpty()) {
            err.println(name() + ": LSB_CHKPNT_DIR is not set: not run by LSF for a checkpointable job");
            return ExitCode.BAD_INPUT;
        }
        Path chk = env.checkpointDir().get();
        JobLog log = jobLog(env, toolkit);
        SiteConfig config = toolkit.config();
        StateFile stateFile = new StateFile(chk);
        JobKiller killer = new JobKiller(toolkit.proc(), toolkit.signaller(), toolkit.ticker());
        DumpPlan plan = DumpPlan.of(
                a, env, config, readState(stateFile, log), toolkit.now(), killer.groups(env.jobPgids(), env.jobPids()));
        log.info(plan.describe());
        Optional<String> skip = plan.skip(
                newestGeneration(chk), toolkit.now(), config.number(ConfigKey.PERIODIC_CHECKPOINT_MIN_INTERVAL));
        if (skip.isPresent()) {
            log.info("checkpoint skipped: " + skip.get());
            log.event("checkpoint_skipped", Map.of("reason", skip.get()));
            return ExitCode.OK; // the newest generation is complete: LSF may record this checkpoint as done
        }
        JobCheckpointability.Found found = JobCheckpointability.assess(toolkit, env, config, plan.groups(), log, true);
        Optional<String> blocker = found.blocker();
        if (blocker.isPresent()) {
            String why = checkpoint.store.RestartPolicy.NOT_CHECKPOINTABLE + blocker.get();
            log.error("checkpoint refused: " + why + "; no dump started, the previous generation (if any) stays"
                    + " current");
            record(plan, stateFile, log, before -> plan.failed(before, toolkit.now(), why));
            killIfAtRunLimit(plan, log, killer, "the refused checkpoint");
            return ExitCode.FAILED;
        }
        DumpAdmission admission = new DumpAdmission(toolkit, config);
        DumpAdmission.Space space = admission.space(chk, ProcessTable.read(toolkit.proc()), plan.groups());
        if (space.refusal().isPresent()) {
            return refused(plan, space.refusal().get(), stateFile, log, killer);
        }
        long waitStart = toolkit.ticker().millis();
        criu.invoke.DumpSlots.Outcome slots = admission.slots(plan.criuTimeoutSeconds());
        if (slots.lease().isEmpty()) {
            return failed(
                    plan,
                    DumpOutcome.failed(
                            DumpOutcome.Status.NO_DUMP_SLOT,
                            "no dump slot: " + slots.why(),
                            Optional.empty(),
                            Optional.empty()),
                    stateFile,
                    log,
                    killer,
                    Optional.empty());
        }
        try (criu.invoke.DumpSlots.Lease lease = slots.lease().get()) {
            long waited = toolkit.ticker().millis() - waitStart;
            long timeout = Math.max(1, plan.criuTimeoutSeconds() - waited / 1000);
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("estimate_bytes", space.estimate().bytes());
            started.put("slot", lease.description().isEmpty() ? "none (MAX_CONCURRENT_DUMPS=0)" : lease.description());
            started.put("slot_wait_ms", waited);
            started.put("criu_timeout", timeout);
            log.info("dump starts: estimated image " + space.estimate().mebibytes() + " MiB of "
                    + space.estimate().tasks() + " processes, " + started.get("slot") + " after " + waited
                    + " ms, criu timeout " + timeout + " s");
            log.event("dump_started", started);
            Path criu = Criu.binary(config);
            Dumper dumper = new Dumper(
                    criu,
                    toolkit.proc(),
                    toolkit.host().withCriuVersion(() -> toolkit.criuVersion(criu)),
                    toolkit.children(),
                    toolkit::now);
            ProcessTable table = ProcessTable.read(toolkit.proc()); // read after the wait: the job forked meanwhile
            DumpOutcome o =
                    dumper.dump(plan.request(chk, config, !toolkit.isRoot(), restoredRoot(chk), timeout), table);
            return o.dumped()
                    ? dumped(plan, o, table, stateFile, log, killer, found.hostLocalPaths())
                    : failed(plan, o, stateFile, log, killer, Optional.of(table));
        }
    }

    /** No dump starts: it would not fit a space limit; the previous generation stays current. */
    private ExitCode refused(
            DumpPlan plan, criu.invoke.DumpSpace.Refusal r, StateFile stateFile, JobLog log, JobKiller killer) {
        String why = "checkpoint refused by " + r.limit() + ": " + r.message();
        log.error(why + "; no dump started, the previous generation (if any) stays current");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("limit", r.limit());
        event.put("message", r.message());
        event.putAll(r.figures());
        event.put("at_run_limit", plan.killOnFailure());
        log.event("checkpoint_refused", event);
        record(plan, stateFile, log, before -> plan.failed(before, toolkit.now(), why));
        killIfAtRunLimit(plan, log, killer, "the refused checkpoint");
        return ExitCode.FAILED;
    }

    private void killIfAtRunLimit(DumpPlan plan, JobLog log, JobKiller killer, String after) {
        if (plan.killOnFailure()) {
            String how = killer.kill(
                    plan.groups(),
                    plan.killIntervalSeconds(),
                    plan.settings().killPollTries().value());
            log.info("killed the job past its run limit after " + after + ": " + how);
        }
    }

    private ExitCode dumped(
            DumpPlan plan,
            DumpOutcome o,
            ProcessTable table,
            StateFile stateFile,
            JobLog log,
            JobKiller killer,
            List<String> hostLocal) {
        log.info(o.message());
        Map<String, Long> figures = new LinkedHashMap<>(o.stats());
        figures.put(checkpoint.store.RestartPlacement.HOST_LOCAL_FILES, (long) hostLocal.size());
        log.info("checkpoint figures " + figures);
        if (!hostLocal.isEmpty()) {
            log.info("its restore needs this host: " + hostLocal.size() + " open files or working directories on"
                    + " filesystems local to it, e.g. " + hostLocal.subList(0, Math.min(3, hostLocal.size())));
        }
        Map<String, Object> event = new LinkedHashMap<>(figures);
        event.put("generation", o.generation().get().getFileName().toString());
        log.event("checkpoint_done", event);
        record(plan, stateFile, log, before -> plan.succeeded(before, toolkit.now(), figures));
        if (plan.kill()) {
            // the job's processes before the dump: the tree criu left stopped and its group leader
            List<ProcStat> stopped =
                    plan.groups().stream().flatMap(g -> table.group(g).stream()).toList();
            List<Long> left = killer.killStopped(plan.groups(), stopped, KILL_WAIT_MILLIS).stream()
                    .map(s -> s.pid())
                    .toList();
            log.info("killed the checkpointed job with SIGKILL: " + stopped.size() + " processes of groups "
                    + plan.groups()
                    + (left.isEmpty() ? "" : "; STILL PRESENT after " + KILL_WAIT_MILLIS + " ms: " + left));
        }
        return ExitCode.OK;
    }

    /**
     * A dump that failed. At the run limit the job is killed, unless it is ending on its own: a process of
     * the dumped tree ({@code before}: the table the dump chose its root from) ended under criu, and the
     * root then ends within the terminate interval; such a job keeps its own exit status.
     */
    private ExitCode failed(
            DumpPlan plan,
            DumpOutcome o,
            StateFile stateFile,
            JobLog log,
            JobKiller killer,
            Optional<ProcessTable> before) {
        log.error("checkpoint failed (" + o.status() + "): " + o.message());
        log.event(
                "checkpoint_failed",
                Map.of("status", o.status().name(), "message", o.message(), "at_run_limit", plan.killOnFailure()));
        Optional<String> ending = plan.killOnFailure() ? endingOnItsOwn(plan, o, before, log) : Optional.empty();
        String why = ending.map(
                        e -> CheckpointState.ENDED_DURING_CHECKPOINT + e + " (the dump had failed: " + o.status() + ")")
                .orElse(o.status() + ": " + o.message());
        record(plan, stateFile, log, b -> plan.failed(b, toolkit.now(), why));
        if (ending.isPresent()) {
            // what is left of the job (a restart command reporting its status, the job-file shell) ends with it;
            // anything still there after the grace dies as LSF would kill it
            long grace = plan.killIntervalSeconds() * 1000;
            long until = toolkit.ticker().millis() + grace;
            while (killer.alive(plan.groups()) && toolkit.ticker().millis() < until) {
                toolkit.ticker().sleep(50);
            }
            killIfAtRunLimit(plan, log, killer, "its own end (leftovers)");
        } else {
            killIfAtRunLimit(plan, log, killer, "the failed checkpoint");
        }
        return ExitCode.FAILED;
    }

    /**
     * Why the job is ending on its own, when it is: its dump root ended, or a process of the dumped tree
     * ended and the root followed within the terminate interval. Empty: the job runs on and is killed.
     */
    private Optional<String> endingOnItsOwn(DumpPlan plan, DumpOutcome o, Optional<ProcessTable> before, JobLog log) {
        Optional<ProcStat> root = o.rootPid().flatMap(r -> before.flatMap(t -> t.get(r)));
        if (root.isEmpty()) {
            return Optional.empty();
        }
        EndingJob job = new EndingJob(toolkit.proc(), toolkit.ticker());
        if (job.ended(root.get())) {
            return endedOnItsOwn(root.get(), log, "its process " + root.get().pid() + " had already ended");
        }
        Optional<ProcStat> gone = job.vanished(before.get().tree(root.get().pid()));
        if (gone.isEmpty()) {
            return Optional.empty();
        }
        long grace = plan.killIntervalSeconds() * 1000;
        log.info("process " + gone.get().pid() + " (" + gone.get().comm() + ") of the dumped tree ended during the"
                + " dump: waiting up to " + grace + " ms for the job to end on its own before it is killed");
        return job.awaitEnd(root.get(), grace)
                ? endedOnItsOwn(root.get(), log, "process " + gone.get().pid() + " ended during the dump, then the job")
                : Optional.empty();
    }

    private static Optional<String> endedOnItsOwn(ProcStat root, JobLog log, String how) {
        String what = "pid " + root.pid() + " (" + root.comm() + "): " + how;
        log.info("the job ended on its own during its run-limit checkpoint (" + what + "): nothing is signalled, it"
                + " keeps its own exit status");
        log.event("job_ended_during_checkpoint", Map.of("root_pid", root.pid(), "detail", how));
        return Optional.of(what);
    }

    /** When the job's current generation was made (epoch seconds), from its manifest; empty when there is none. */
    static Optional<Long> newestGeneration(Path chk) {
        try {
            return new criu.invoke.image.Generations(chk)
                    .current()
                    .flatMap(g -> criu.invoke.files.UserFiles.readIfPresent(
                            g.resolve(criu.invoke.image.Manifest.NAME), criu.invoke.image.Manifest.MAX_BYTES))
                    .map(text -> criu.invoke.image.Manifest.parse(text).created());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The root of the job's last restore, as criu recorded it in the checkpoint directory (absent, or not a pid: none). */
    public static Optional<Long> restoredRoot(Path chk) {
        return criu.invoke.files.UserFiles.readIfPresent(chk.resolve(ErestartCriu.PID_FILE), 32)
                .filter(t -> t.matches("[0-9]{1,10}"))
                .map(Long::parseLong);
    }

    private static Optional<CheckpointState> readState(StateFile file, JobLog log) {
        try {
            return file.read();
        } catch (StateFileException e) {
            log.error("state file unusable: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes the run-limit checkpoint's outcome; a periodic or user checkpoint never touches the state. */
    private static void record(
            DumpPlan plan,
            StateFile file,
            JobLog log,
            java.util.function.Function<Optional<CheckpointState>, Optional<CheckpointState>> change) {
        if (!plan.runLimit()) {
            return;
        }
        try {
            file.updateIfChanged(change);
        } catch (StateFileException e) {
            log.error("cannot record the checkpoint in the state: " + e.getMessage());
        }
    }
}
