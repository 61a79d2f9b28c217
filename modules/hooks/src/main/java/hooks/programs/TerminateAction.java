package hooks.programs;

import checkpoint.store.Decision;
import checkpoint.store.EffectiveSettings;
import checkpoint.store.RestartPolicy;
import checkpoint.store.RunLimitTransition;
import checkpoint.store.StateFile;
import checkpoint.store.StateFileException;
import checkpoint.store.StateSnapshot;
import hooks.cli.ExitCode;
import hooks.system.JobStart;
import hooks.system.Toolkit;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lsf.env.CommandResult;
import lsf.env.JobEnvironment;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * {@code lsf-criu-terminate}: the queue's {@code JOB_CONTROLS = TERMINATE[...]} action. For an
 * opted-in job at its run limit it records "checkpoint started", starts a watchdog and requests
 * {@code bchkpnt -k}; every other job, and every error, ends in the job being killed the way LSF
 * kills. With {@code --watchdog} it is the watchdog's second half: whatever is left of the job
 * when the checkpoint timeout has passed since the action started is killed.
 */
public final class TerminateAction extends LsfProgram {
    private final Toolkit toolkit;

    public TerminateAction(Toolkit toolkit) {
        super("lsf-criu-terminate");
        this.toolkit = toolkit;
    }

    public static void main(String[] args) {
        exit(new TerminateAction(Toolkit.system(System.getenv())), args);
    }

    @Override
    protected String usage() {
        return "usage: lsf-criu-terminate [--watchdog [--until=<epoch ms>] [<pid>:<start ticks>...]]\n"
                + "The queue's TERMINATE job-control action: checkpoints an overrunning, opted-in job,"
                + " kills every other job the way LSF does. --watchdog: kill what is left of the job.";
    }

    @Override
    protected ExitCode execute(PrintWriter out, PrintWriter err, String... args) {
        long entered = toolkit.clock().millis();
        WatchdogOperands operands = WatchdogOperands.parse(args);
        JobEnvironment env = JobEnvironment.of(toolkit.environment());
        // a watchdog armed by an earlier instance of a restarted job writes where the job is now: LSF renamed the
        // directory to the newest id, and removed the old id's link after the next checkpoint
        JobLog log = operands.watchdog()
                ? jobLog(
                        env,
                        toolkit,
                        env.checkpointDir()
                                .map(d -> checkpoint.store.ChainDirectory.current(d)
                                        .orElse(d)))
                : jobLog(env, toolkit);
        JobKiller killer = new JobKiller(toolkit.proc(), toolkit.signaller(), toolkit.ticker());
        Set<Long> groups = killer.groups(env.jobPgids(), env.jobPids());
        try {
            if (operands.watchdog()) {
                return new WatchdogKill(toolkit, env, log, killer).run(operands, groups);
            }
            return terminate(env, log, killer, groups, entered);
        } catch (RuntimeException | Error e) {
            log.error("internal error, killing the job: " + e);
            killer.kill(groups, SiteConfig.defaults().number(ConfigKey.JOB_TERMINATE_INTERVAL), 10);
            throw e;
        }
    }

    private ExitCode terminate(JobEnvironment env, JobLog log, JobKiller killer, Set<Long> groups, long entered) {
        env.errors().forEach(e -> log.warn("job environment: " + e));
        SiteConfig config;
        try {
            config = toolkit.config();
        } catch (lsf.env.config.ConfigException e) {
            log.error("configuration unusable, killing the job normally: " + e.getMessage());
            killer.killAndRecord(log, groups, SiteConfig.defaults(), env, "configuration error");
            return ExitCode.CONFIG;
        }
        long now = toolkit.now();
        // the state the decision was taken on, read under its lock: the warning's choice reads it too
        java.util.concurrent.atomic.AtomicReference<Optional<checkpoint.store.CheckpointState>> state =
                new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
        Decision d = decide(env, config, groups, log, now, state);
        d.settings().all().forEach(s -> log.info("setting " + s.describe()));
        if (env.isRunLimitKill()) {
            log.info("opt-in: " + checkpoint.store.OptIn.of(env, config).why());
        }
        log.info("decision " + d.action() + ": " + d.reason());
        log.event(
                "terminate_decision",
                Map.of(
                        "action",
                        d.action().name(),
                        "reason",
                        d.reason(),
                        "reasons",
                        env.suspReasons(),
                        "subreasons",
                        env.suspSubreasons()));
        Run run = new Run(env, log, killer, groups, config, entered, new JobWatchdog(toolkit));
        switch (d.action()) {
            case WAIT_FOR_CHECKPOINT:
                return awaitCheckpoint(run, d.settings());
            case REQUEST_CHECKPOINT:
                return requestCheckpoint(run, d.settings());
            default:
                RunLimitWarning warning = RunLimitWarning.of(d, env, state.get(), config);
                if (warning.warns() && !groups.isEmpty()) {
                    return warn(run, warning, d.reason());
                }
                run.kill(d.reason());
                return ExitCode.OK;
        }
    }

    /**
     * This action's job, as what it acts on needs it: the job's environment, log, groups and killer,
     * the configuration in force, the action's start (epoch ms) and the watchdog to arm.
     */
    private record Run(
            JobEnvironment env,
            JobLog log,
            JobKiller killer,
            Set<Long> groups,
            SiteConfig config,
            long entered,
            JobWatchdog watchdog) {
        /** Kills the job the way LSF does, at once, and records why. */
        void kill(String why) {
            killer.killAndRecord(log, groups, config, env, why);
        }

        /** Arms the watchdog: the job dies {@code seconds} after the action started unless {@code unless}. */
        void arm(long seconds, String unless) {
            watchdog.arm(groups, env.jobPids(), seconds, entered, log, unless);
        }
    }

    /**
     * The decision at the run limit: with a checkpoint directory, taken on the state read under its lock
     * and written with it ({@link RunLimitTransition}); an unusable state file is a decision too. The
     * state it was taken on goes to {@code read}.
     */
    private Decision decide(
            JobEnvironment env,
            SiteConfig config,
            Set<Long> groups,
            JobLog log,
            long now,
            java.util.concurrent.atomic.AtomicReference<Optional<checkpoint.store.CheckpointState>> read) {
        if (env.checkpointDir().isEmpty() || env.jobId().isEmpty() || !env.isRunLimitKill()) {
            return RestartPolicy.onTerminate(StateSnapshot.none(), env, config, now);
        }
        long jobId = env.jobId().getAsLong();
        long runStart = groups.stream()
                .map(g -> JobStart.of(toolkit.proc(), g))
                .filter(o -> o.isPresent())
                .mapToLong(o -> o.getAsLong())
                .min()
                .orElse(now);
        Optional<String> blocker = checkpoint.store.OptIn.of(env, config).checkpoint()
                ? JobCheckpointability.blocker(toolkit, env, config, groups, log)
                : Optional.empty();
        try {
            return new StateFile(env.checkpointDir().get()).transact(before -> {
                read.set(before);
                return RunLimitTransition.of(before, env, config, now, jobId, runStart, blocker);
            });
        } catch (StateFileException e) {
            return RestartPolicy.onTerminate(StateSnapshot.unusable(e.getMessage()), env, config, now);
        }
    }

    private ExitCode requestCheckpoint(Run run, EffectiveSettings settings) {
        long jobId = run.env().jobId().getAsLong();
        long timeout = settings.timeoutSeconds().value();
        try {
            run.arm(timeout, "a checkpoint ends it first");
            CommandResult r = toolkit.lsf().apply(run.config()).checkpointAndKill(jobId);
            if (r.succeeded()) {
                run.log().info("checkpoint requested: " + r.describe());
                run.log().event("checkpoint_requested", Map.of("timeout", timeout));
                return ExitCode.OK;
            }
            failCheckpoint(run.env(), run.log(), "bchkpnt failed: " + r.describe());
        } catch (RuntimeException e) {
            failCheckpoint(run.env(), run.log(), "cannot request the checkpoint: " + e.getMessage());
        }
        run.kill("checkpoint could not be requested");
        return ExitCode.FAILED;
    }

    /**
     * A checkpoint is said to be under way already. The state that says so is the job owner's to
     * write, so this action trusts it no further than its own watchdog: the job dies a checkpoint
     * timeout after this action started unless a checkpoint ends it first, whoever wrote the state.
     */
    private ExitCode awaitCheckpoint(Run run, EffectiveSettings settings) {
        try {
            run.arm(settings.timeoutSeconds().value(), "a checkpoint ends it first");
            return ExitCode.OK;
        } catch (RuntimeException e) {
            run.log().error("cannot start the watchdog: " + e.getMessage());
            run.kill("the watchdog could not be started");
            return ExitCode.FAILED;
        }
    }

    /**
     * A job the toolkit does not checkpoint, at its run limit, killed as LSF kills it: the warning
     * signal now, the kill by the watchdog {@code warning.delaySeconds()} after this action started
     * if the job still lives (it stands down when the job ended on the warning).
     */
    private ExitCode warn(Run run, RunLimitWarning warning, String why) {
        String signal = warning.signal().get();
        try {
            run.arm(warning.delaySeconds(), "it ends on the warning first");
        } catch (RuntimeException e) {
            run.log().error("cannot start the watchdog, killing the job at once: " + e.getMessage());
            run.kill(why);
            return ExitCode.FAILED;
        }
        run.groups().forEach(g -> toolkit.signaller().signalGroup(g, signal));
        run.log()
                .info("run-limit warning: SIG" + signal + " sent to process groups " + run.groups() + " (" + why
                        + "); the job is killed in " + warning.delaySeconds() + " s if it still runs");
        run.log()
                .event(
                        "runlimit_warning",
                        Map.of("signal", signal, "delay_seconds", warning.delaySeconds(), "reason", why));
        return ExitCode.OK;
    }

    private void failCheckpoint(JobEnvironment env, JobLog log, String why) {
        log.error(why);
        try {
            new StateFile(env.checkpointDir().get())
                    .updateIfChanged(
                            before -> before.filter(s -> s.belongsTo(env.jobId().getAsLong()))
                                    .map(s -> s.checkpointFailed(toolkit.now(), why)));
        } catch (StateFileException e) {
            log.error("cannot record the failure: " + e.getMessage());
        }
    }
}
