package hooks.programs;

import checkpoint.store.AtomicFile;
import checkpoint.store.StateFile;
import checkpoint.store.StateFileException;
import criu.invoke.Restorer;
import hooks.cli.ExitCode;
import hooks.cli.UsageException;
import hooks.system.Cgroups;
import hooks.system.Criu;
import hooks.system.Toolkit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import lsf.env.JobEnvironment;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * {@code erestart.criu}: LSF's restart method, run as {@code erestart.criu [-c] [-f] <restart dir>}.
 * It does not run the job: it checks that the current generation can be restored (manifest,
 * image files, the image's pids free) and writes {@code $LSB_CHKPNT_DIR/.restart_cmd}, whose
 * command ({@code lsf-criu-restart}) restores the job into the restarted job's process group as a
 * sibling of criu, waits for it and exits with the job's own exit status, read from the kernel.
 */
public final class ErestartCriu extends LsfProgram {
    /** The file LSF reads the restart command from. */
    public static final String RESTART_CMD = lsf.env.CheckpointDir.RESTART_CMD;
    /** Where the restore writes the restored root's pid. */
    public static final String PID_FILE = lsf.env.CheckpointDir.RESTORED_PID;

    private final Toolkit toolkit;

    public ErestartCriu(Toolkit toolkit) {
        super("erestart.criu");
        this.toolkit = toolkit;
    }

    public static void main(String[] args) {
        exit(new ErestartCriu(Toolkit.system(System.getenv())), args);
    }

    /** Parses LSF's argv and returns the restart directory argument. */
    static String parse(String... args) {
        OptionParser parser = new OptionParser();
        parser.accepts("c");
        parser.accepts("f");
        OptionSet set = parser.parse(args);
        List<?> rest = set.nonOptionArguments();
        if (rest.size() != 1) {
            throw new UsageException("expected one restart directory after the options, found " + rest.size());
        }
        return rest.get(0).toString();
    }

    @Override
    protected String usage() {
        return "usage: erestart.criu [-c] [-f] <restart dir>\n"
                + "LSF's restart method for CRIU: writes $LSB_CHKPNT_DIR/" + RESTART_CMD + " for brestart.";
    }

    /** A restart command left by an earlier attempt must not be run in place of this failed one. */
    private static void removeStaleRestartCommand(Path chk, JobLog log) {
        try {
            if (java.nio.file.Files.deleteIfExists(chk.resolve(RESTART_CMD))) {
                log.warn("removed a stale " + RESTART_CMD + " left by an earlier restart attempt");
            }
        } catch (IOException e) {
            log.warn("cannot remove a stale " + RESTART_CMD + ": " + e);
        }
    }

    @Override
    protected ExitCode execute(PrintWriter out, PrintWriter err, String... args) {
        String restartDir = parse(args);
        JobEnvironment env = JobEnvironment.of(toolkit.environment());
        if (env.checkpointDir().isEmpty()) {
            err.println(name() + ": LSB_CHKPNT_DIR is not set: not run by LSF for a restarted job");
            return ExitCode.BAD_INPUT;
        }
        Optional<ExitCode> foreign = refuseForeignCheckpointDir(env, toolkit, err);
        if (foreign.isPresent()) {
            return foreign.get(); // nothing written there, no restart command: LSF records the restart failed
        }
        Path chk = env.checkpointDir().get();
        JobLog log = jobLog(env, toolkit);
        SiteConfig config = toolkit.config();
        log.info("restart of job " + env.oldJobId().orElse(0) + " as job "
                + env.jobId().orElse(0) + " from " + chk + " (argument " + restartDir + ")");
        if (chk.toString().chars().anyMatch(c -> c < 0x20)) {
            log.error("cannot restart: the checkpoint directory's path holds a control character");
            err.println(name() + ": the checkpoint directory's path holds a control character: refusing to write a"
                    + " restart command for it");
            return ExitCode.BAD_INPUT;
        }
        Path criuBinary = Criu.binary(config);
        Optional<Restorer.Plan> plan = chooseGeneration(chk, log, config, criuBinary);
        if (plan.isEmpty()) {
            return ExitCode.FAILED;
        }
        Path generation = plan.get().generation().get();
        RestartPlan restart = RestartPlan.of(
                chk, generation, toolkit.layout().home(), criuBinary, config, !toolkit.isRoot(), cgroup(config, log));
        String line = restart.restartCmdLine();
        try {
            AtomicFile.write(chk.resolve(RESTART_CMD), line.getBytes(StandardCharsets.UTF_8), "rw-r--r--");
        } catch (IOException e) {
            log.error("cannot write " + chk.resolve(RESTART_CMD) + ": " + e);
            return ExitCode.FAILED;
        }
        env.jobId().ifPresent(id -> {
            try {
                new StateFile(chk).updateIfChanged(b -> b.map(s -> s.runStarted(id, toolkit.now())));
            } catch (StateFileException e) {
                log.warn("cannot record the run's start: " + e.getMessage());
            }
        });
        log.info("restart command written: " + line.strip());
        log.event(
                "restart_prepared",
                Map.of(
                        "generation",
                        generation.getFileName().toString(),
                        "root_pid",
                        plan.get().manifest().get().rootPid(),
                        "generations_skipped",
                        plan.get().skipped().size()));
        return ExitCode.OK;
    }

    /**
     * The newest generation that verifies, its pids free and the job's files put back as they were
     * at its dump; empty (the refusal logged, a stale restart command removed) when there is none.
     */
    private Optional<Restorer.Plan> chooseGeneration(Path chk, JobLog log, SiteConfig config, Path criuBinary) {
        Restorer.Plan plan = new Restorer(toolkit.proc(), toolkit.ticker())
                .prepare(
                        chk,
                        Duration.ofSeconds(config.number(ConfigKey.PID_FREE_WAIT)),
                        Optional.of(toolkit.host().fingerprint().apply(toolkit.criuVersion(criuBinary))));
        for (String skipped : plan.skipped()) {
            log.warn("generation skipped: " + skipped);
            log.event("generation_skipped", Map.of("reason", skipped));
        }
        Optional<String> refusal = plan.problem();
        if (refusal.isEmpty()) {
            // the job may have written on after the dump (periodic checkpoints, bchkpnt, a rerun): its files go back
            // to what the image expects, or the restore is refused naming the file
            criu.invoke.image.JobFilesRestore.Outcome files = criu.invoke.image.JobFilesRestore.reconcile(
                    plan.generation().get(), toolkit.proc().uid());
            files.done().forEach(line -> log.info("file put back as the job saw it at the dump: " + line));
            if (!files.done().isEmpty()) {
                log.event(
                        "files_reconciled",
                        Map.of(
                                "generation",
                                plan.generation().get().getFileName().toString(),
                                "files",
                                files.done()));
            }
            refusal = files.refusal();
        }
        if (refusal.isPresent()) {
            removeStaleRestartCommand(chk, log);
            log.error("cannot restart: " + refusal.get());
            log.event(
                    "restart_refused",
                    Map.of("reason", refusal.get(), "host", toolkit.host().hostname()));
            String why = refusal.get();
            JobEnvironment.of(toolkit.environment()).jobId().ifPresent(id -> {
                try {
                    new StateFile(chk)
                            .updateIfChanged(b -> b.filter(st -> st.belongsTo(id))
                                    .map(st -> st.restoreRefused(
                                            id, toolkit.now(), toolkit.host().hostname(), why)));
                } catch (StateFileException e) {
                    log.warn("cannot record the refusal in the state: " + e.getMessage());
                }
            });
            return Optional.empty();
        }
        return Optional.of(plan);
    }

    /** The new job's cgroup to restore into, when the site asks for it and /proc says where it is. */
    private Optional<String> cgroup(SiteConfig config, JobLog log) {
        if (!config.flag(ConfigKey.RESTORE_INTO_JOB_CGROUP)) {
            return Optional.empty();
        }
        try {
            return Cgroups.path(toolkit.proc().ownCgroups());
        } catch (IOException e) {
            log.warn("cannot read /proc/self/cgroup, restoring without --cgroup-root: " + e);
            return Optional.empty();
        }
    }
}
