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
        Decision d = decide(env, config, groups, now);
        d.settings().all().forEach(s -> log.info("setting " + s.describe()));
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
        switch (d.action()) {
            case WAIT_FOR_CHECKPOINT:
                return awaitCheckpoint(env, log, killer, groups, config, d.settings(), entered);
            case REQUEST_CHECKPOINT:
                return requestCheckpoint(env, log, killer, groups, config, d.settings(), entered);
            default:
                RunLimitWarning warning = RunLimitWarning.of(d, env, state(env), config);
                if (warning.warns() && !groups.isEmpty()) {
                    return warn(env, log, killer, groups, config, warning, entered, d.reason());
                }
                killer.killAndRecord(log, groups, config, env, d.reason());
                return ExitCode.OK;
        }
    }

    /**
     * The decision at the run limit: with a checkpoint directory, taken on the state read under its lock
     * and written with it ({@link RunLimitTransition}); an unusable state file is a decision too.
     */
    private Decision decide(JobEnvironment env, SiteConfig config, Set<Long> groups, long now) {
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
        try {
            return new StateFile(env.checkpointDir().get())
                    .transact(before -> RunLimitTransition.of(before, env, config, now, jobId, runStart));
        } catch (StateFileException e) {
            return RestartPolicy.onTerminate(StateSnapshot.unusable(e.getMessage()), env, config, now);
        }
    }

    private ExitCode requestCheckpoint(
            JobEnvironment env,
            JobLog log,
            JobKiller killer,
            Set<Long> groups,
            SiteConfig config,
            EffectiveSettings settings,
            long entered) {
        long jobId = env.jobId().getAsLong();
        long timeout = settings.timeoutSeconds().value();
        try {
            armWatchdog(env, log, groups, timeout, entered);
            CommandResult r = toolkit.lsf().apply(config).checkpointAndKill(jobId);
            if (r.succeeded()) {
                log.info("checkpoint requested: " + r.describe());
                log.event("checkpoint_requested", Map.of("timeout", timeout));
                return ExitCode.OK;
            }
            failCheckpoint(env, log, "bchkpnt failed: " + r.describe());
        } catch (RuntimeException e) {
            failCheckpoint(env, log, "cannot request the checkpoint: " + e.getMessage());
        }
        killer.killAndRecord(log, groups, config, env, "checkpoint could not be requested");
        return ExitCode.FAILED;
    }

    /**
     * A checkpoint is said to be under way already. The state that says so is the job owner's to
     * write, so this action trusts it no further than its own watchdog: the job dies a checkpoint
     * timeout after this action started unless a checkpoint ends it first, whoever wrote the state.
     */
    private ExitCode awaitCheckpoint(
            JobEnvironment env,
            JobLog log,
            JobKiller killer,
            Set<Long> groups,
            SiteConfig config,
            EffectiveSettings settings,
            long entered) {
        try {
            armWatchdog(env, log, groups, settings.timeoutSeconds().value(), entered);
            return ExitCode.OK;
        } catch (RuntimeException e) {
            log.error("cannot start the watchdog: " + e.getMessage());
            killer.killAndRecord(log, groups, config, env, "the watchdog could not be started");
            return ExitCode.FAILED;
        }
    }

    /** Starts the detached watchdog that kills what is left of the job {@code timeout} s after {@code entered}. */
    private void armWatchdog(JobEnvironment env, JobLog log, Set<Long> groups, long timeout, long entered) {
        new JobWatchdog(toolkit).arm(groups, env.jobPids(), timeout, entered, log, "a checkpoint ends it first");
    }

    /**
     * A job the toolkit does not checkpoint, at its run limit, killed as LSF kills it: the warning
     * signal now, the kill by the watchdog {@code warning.delaySeconds()} after this action started
     * if the job still lives (it stands down when the job ended on the warning).
     */
    private ExitCode warn(
            JobEnvironment env,
            JobLog log,
            JobKiller killer,
            Set<Long> groups,
            SiteConfig config,
            RunLimitWarning warning,
            long entered,
            String why) {
        String signal = warning.signal().get();
        try {
            new JobWatchdog(toolkit)
                    .arm(groups, env.jobPids(), warning.delaySeconds(), entered, log, "it ends on the warning first");
        } catch (RuntimeException e) {
            log.error("cannot start the watchdog, killing the job at once: " + e.getMessage());
            killer.killAndRecord(log, groups, config, env, why);
            return ExitCode.FAILED;
        }
        groups.forEach(g -> toolkit.signaller().signalGroup(g, signal));
        log.info("run-limit warning: SIG" + signal + " sent to process groups " + groups + " (" + why
                + "); the job is killed in " + warning.delaySeconds() + " s if it still runs");
        log.event("runlimit_warning", Map.of("signal", signal, "delay_seconds", warning.delaySeconds(), "reason", why));
        return ExitCode.OK;
    }

    /** This job's checkpoint state, as far as it can be read (for the warning's choice only). */
    private Optional<checkpoint.store.CheckpointState> state(JobEnvironment env) {
        if (env.checkpointDir().isEmpty()) {
            return Optional.empty();
        }
        try {
            return new StateFile(env.checkpointDir().get()).read();
        } catch (StateFileException e) {
            return Optional.empty();
        }
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
