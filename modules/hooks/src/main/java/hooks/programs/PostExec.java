package hooks.programs;

import checkpoint.store.AtomicFile;
import checkpoint.store.CheckpointPhase;
import checkpoint.store.CheckpointState;
import checkpoint.store.Decision;
import checkpoint.store.RestartPolicy;
import checkpoint.store.StateFile;
import checkpoint.store.StateFileException;
import checkpoint.store.StateSnapshot;
import checkpoint.store.Summary;
import hooks.cli.ExitCode;
import hooks.cli.NoArguments;
import hooks.system.Toolkit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import lsf.env.JobEnvironment;
import lsf.env.LsfCommands;
import lsf.env.WaitStatus;
import lsf.env.config.SiteConfig;

/**
 * {@code lsf-criu-post-exec}: the queue's {@code POST_EXEC}, run after every job. Records how the
 * run ended; for a checkpointed job whose restart is allowed it runs {@code brestart} and records
 * the new job id; otherwise it writes the end-of-run summary next to the job's output file and as
 * JSON in the checkpoint directory. (The launcher answers for jobs without checkpoint state
 * without starting the JVM.)
 */
public final class PostExec extends LsfProgram {
    private final Toolkit toolkit;

    public PostExec(Toolkit toolkit) {
        super("lsf-criu-post-exec");
        this.toolkit = toolkit;
    }

    public static void main(String[] args) {
        exit(new PostExec(Toolkit.system(System.getenv())), args);
    }

    @Override
    protected String usage() {
        return "usage: lsf-criu-post-exec\n"
                + "The queue's POST_EXEC: resubmits a checkpointed job with brestart, or writes its summary.";
    }

    /** How a run ended, from POST_EXEC's {@code LSB_JOBEXIT_STAT} (a raw wait status). */
    static String outcome(JobEnvironment env, Optional<CheckpointState> state) {
        long jobId = env.jobId().orElse(0);
        boolean checkpointed = state.map(s -> s.belongsTo(jobId) && s.phase() == CheckpointPhase.SUCCESS)
                .orElse(false);
        if (env.jobExitStatus().isEmpty()) {
            return checkpointed ? "checkpointed" : "ended";
        }
        String how = new WaitStatus(env.jobExitStatus().getAsLong()).describe();
        return checkpointed ? "checkpointed (" + how + ")" : how;
    }

    /** Where the restart command records, as it starts, the job id it restores for. */
    static final String RESTORE_STARTED = lsf.env.CheckpointDir.RESTORE_STARTED;

    /** Whether this job's restart command ran (it writes its job id into {@link #RESTORE_STARTED} first). */
    static boolean restoreRan(Path chk, JobEnvironment env) {
        return env.jobId().isPresent()
                && criu.invoke.files.UserFiles.readIfPresent(chk.resolve(RESTORE_STARTED), 32)
                        .map(t -> t.equals(Long.toString(env.jobId().getAsLong())))
                        .orElse(false);
    }

    /**
     * Whether this run was killed (SIGKILL) after a checkpoint that completed during it: the current
     * generation is no older than the run's start.
     */
    static boolean checkpointedOnRequest(Path chk, JobEnvironment env, StateSnapshot snapshot) {
        boolean killed = env.jobExitStatus().isPresent()
                && new WaitStatus(env.jobExitStatus().getAsLong()).signal() == 9;
        if (!killed || env.jobId().isEmpty() || snapshot.state().isEmpty()) {
            return false;
        }
        long started = snapshot.state()
                .get()
                .run(env.jobId().getAsLong())
                .map(r -> r.startTime())
                .orElse(Long.MAX_VALUE);
        return new criu.invoke.image.Generations(chk)
                .current()
                .map(criu.invoke.image.ImageFiles::verify)
                .flatMap(v -> v.manifest())
                .map(m -> m.created() >= started)
                .orElse(false);
    }

    @Override
    protected ExitCode execute(PrintWriter out, PrintWriter err, String... args) {
        NoArguments.check(args);
        JobEnvironment env = JobEnvironment.of(toolkit.environment());
        if (env.checkpointDir().isEmpty()) {
            return ExitCode.OK;
        }
        Optional<ExitCode> foreign = refuseForeignCheckpointDir(env, toolkit, err);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        Path chk = env.checkpointDir().get();
        JobLog log = jobLog(env, toolkit);
        if (restoreRan(chk, env)) {
            RestartCommandEvents.relay(chk, env.jobId().getAsLong(), log);
        }
        SiteConfig config = toolkit.config();
        StateFile file = new StateFile(chk);
        StateSnapshot snapshot = StateSnapshot.read(file);
        Decision d = RestartPolicy.afterJob(
                snapshot,
                env,
                config,
                new RestartPolicy.RunFacts(restoreRan(chk, env), checkpointedOnRequest(chk, env, snapshot)));
        log.info("job ended (" + outcome(env, snapshot.state()) + "); decision " + d.action() + ": " + d.reason());
        log.event("post_exec_decision", Map.of("action", d.action().name(), "reason", d.reason()));
        if (d.action() == Decision.Action.NOTHING) {
            retainOrDelete(chk, log, config, d, snapshot, env, false);
            return ExitCode.OK;
        }
        if (snapshot.problem().isPresent()) {
            log.error("no summary: " + snapshot.problem().get());
            return ExitCode.BAD_INPUT;
        }
        long jobId = env.jobId().getAsLong();
        long now = toolkit.now();
        String outcome = d.action() == Decision.Action.RETRY_ON_CHECKPOINTING_HOST
                        || d.reason().startsWith(CheckpointState.RESTORE_REFUSED)
                ? snapshot.state().flatMap(CheckpointState::lastError).orElse(outcome(env, snapshot.state()))
                : outcome(env, snapshot.state());
        CheckpointState ended = update(
                file,
                log,
                s -> s.runEnded(
                        jobId,
                        s.run(jobId).map(r -> r.startTime()).orElse(now),
                        now,
                        outcome,
                        Optional.of(toolkit.host().hostname())));
        if (d.action() == Decision.Action.RESTART || d.action() == Decision.Action.RETRY_ON_CHECKPOINTING_HOST) {
            ExitCode restarted = restart(chk, log, config, ended, jobId, d);
            retainOrDelete(chk, log, config, d, snapshot, env, restarted != ExitCode.OK);
            return restarted;
        }
        ExitCode summarised = summarise(env, chk, log, ended, d.reason());
        retainOrDelete(chk, log, config, d, snapshot, env, false);
        return summarised;
    }

    /** Deletes the job's image generations when its chain has ended ({@link ImageRetention}); logs either way. */
    private static void retainOrDelete(
            Path chk,
            JobLog log,
            SiteConfig config,
            Decision d,
            StateSnapshot snapshot,
            JobEnvironment env,
            boolean restartFailed) {
        criu.invoke.image.Generations generations = new criu.invoke.image.Generations(chk);
        if (!java.nio.file.Files.isDirectory(generations.base(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        checkpoint.store.ImageRetention r = checkpoint.store.ImageRetention.after(
                d,
                snapshot,
                env,
                checkpoint.store.OptIn.of(env, config),
                config.flag(lsf.env.config.ConfigKey.KEEP_IMAGES_ON_END),
                restartFailed);
        if (!r.delete()) {
            log.info("images kept: " + r.reason());
            return;
        }
        try {
            long freed = generations.deleteAll();
            log.info("images deleted (" + freed + " bytes): " + r.reason());
            log.event("images_deleted", Map.of("bytes", freed, "reason", r.reason()));
        } catch (IOException | RuntimeException e) {
            log.error("cannot delete the images (lsf-criu sweep will): " + e);
        }
    }

    private ExitCode restart(Path chk, JobLog log, SiteConfig config, CheckpointState state, long jobId, Decision d) {
        String why;
        boolean retry = d.action() == Decision.Action.RETRY_ON_CHECKPOINTING_HOST;
        boolean sameHost = config.flag(lsf.env.config.ConfigKey.RESTART_SAME_HOST);
        Optional<String> host = retry
                ? checkpoint.store.RestartPlacement.checkpointingHost(state)
                : checkpoint.store.RestartPlacement.host(state, sameHost);
        log.info("restart asks for "
                + (retry
                        ? "the checkpointing host, once: " + d.reason()
                        : checkpoint.store.RestartPlacement.why(state, sameHost))
                + host.map(h -> " (brestart -m " + h + ")").orElse(""));
        try {
            LsfCommands lsf = toolkit.lsf().apply(config);
            LsfCommands.RestartSubmission r = lsf.restart(chk.getParent(), jobId, host);
            if (r.newJobId().isPresent()) {
                long newId = r.newJobId().getAsLong();
                int n = state.overrunRestarts() + (retry ? 0 : 1);
                update(
                        new StateFile(chk),
                        log,
                        s -> retry
                                ? s.restartResubmitted(newId, toolkit.now())
                                : s.restartSubmitted(newId, toolkit.now()));
                log.info((retry
                                ? "restart " + n + " resubmitted to its checkpointing host"
                                : "restart " + n + " submitted")
                        + " as job " + newId + ": " + r.result().describe());
                Map<String, Object> event = new java.util.LinkedHashMap<>();
                event.put("new_job_id", newId);
                event.put("restart", n);
                event.put("host", host.orElse(""));
                log.event(retry ? "restart_resubmitted" : "restart_submitted", event);
                return ExitCode.OK;
            }
            why = "brestart did not resubmit the job: " + r.result().describe();
        } catch (RuntimeException e) {
            why = "brestart could not be run: " + e.getMessage();
        }
        log.error(why);
        log.event("restart_failed", Map.of("reason", why));
        String reason = why;
        CheckpointState failed = update(new StateFile(chk), log, s -> s.restartFailed(toolkit.now(), reason));
        summarise(JobEnvironment.of(toolkit.environment()), chk, log, failed, "restart failed: " + why);
        return ExitCode.FAILED;
    }

    private ExitCode summarise(JobEnvironment env, Path chk, JobLog log, CheckpointState state, String reason) {
        String name = Summary.fileName(state);
        try {
            AtomicFile.write(
                    chk.resolve(name.replace(".txt", ".json")),
                    Summary.json(state, reason).getBytes(StandardCharsets.UTF_8),
                    "rw-r--r--");
            SummaryTarget target = SummaryTarget.of(
                    env.outputFile(), Optional.ofNullable(toolkit.environment().get("LS_SUBCWD")), name);
            if (target.path().isPresent()) {
                AtomicFile.write(
                        target.path().get(), Summary.text(state, reason).getBytes(StandardCharsets.UTF_8), "rw-r--r--");
                log.info("summary written to " + target.path().get());
            } else if (target.warning()) {
                log.warn(target.why().get());
            } else {
                log.info(target.why().get());
            }
        } catch (IOException e) {
            log.error("cannot write the summary: " + e);
            return ExitCode.FAILED;
        }
        log.event(
                "summary_written",
                Map.of(
                        "runs",
                        state.runs().size(),
                        "overrun_restarts",
                        state.overrunRestarts(),
                        "total_runtime",
                        Summary.totalRuntime(state)));
        return ExitCode.OK;
    }

    private static CheckpointState update(
            StateFile file, JobLog log, java.util.function.UnaryOperator<CheckpointState> change) {
        try {
            return file.update(
                    b -> change.apply(b.orElseThrow(() -> new StateFileException(file.path() + " vanished"))));
        } catch (StateFileException e) {
            log.error("cannot update the state: " + e.getMessage());
            return file.read().orElseThrow(() -> e);
        }
    }
}
