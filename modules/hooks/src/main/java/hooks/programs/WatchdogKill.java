package hooks.programs;

import checkpoint.store.StateFile;
import checkpoint.store.StateFileException;
import hooks.cli.ExitCode;
import hooks.system.Toolkit;
import hooks.system.WatchdogDeadline;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import lsf.env.JobEnvironment;
import lsf.env.config.SiteConfig;

/**
 * The TERMINATE watchdog's second half, {@code lsf-criu-terminate --watchdog}: at its deadline it
 * kills what is left of the job it was armed for, unless the job is gone (a checkpoint that ended it
 * leaves nothing alive). It never kills a process that merely reuses one of the job's pids. It
 * trusts nothing the job's owner can write: a state that says the checkpoint succeeded while the
 * job's own processes still live is no reason to stand down.
 */
final class WatchdogKill {
    private final Toolkit toolkit;
    private final JobEnvironment env;
    private final JobLog log;
    private final JobKiller killer;

    WatchdogKill(Toolkit toolkit, JobEnvironment env, JobLog log, JobKiller killer) {
        this.toolkit = toolkit;
        this.env = env;
        this.log = log;
        this.killer = killer;
    }

    /**
     * Waits for the deadline, then kills: the processes it was armed for, or (armed by nothing)
     * {@code groups}, the job's groups as LSF names them now.
     */
    ExitCode run(WatchdogOperands operands, Set<Long> groups) {
        awaitDeadline(operands.until());
        Map<Long, criu.invoke.proc.ProcStat> stats = new java.util.HashMap<>();
        for (String a : operands.armedFor()) {
            long pid = Long.parseLong(a.substring(0, a.indexOf(':')));
            toolkit.proc().stat(pid).ifPresent(st -> stats.put(pid, st));
        }
        Set<Long> job = WatchdogVerdict.groups(operands.armedFor(), stats, groups);
        WatchdogVerdict verdict = WatchdogVerdict.of(job, !job.isEmpty() && killer.alive(job), checkpointing());
        return verdict.kill() ? kill(verdict) : standDown(verdict);
    }

    /** Waits for the deadline the watchdog was armed with: its shell wakes it a little early (none: at once). */
    private void awaitDeadline(OptionalLong until) {
        if (until.isPresent()) {
            long wait = WatchdogDeadline.remainingMillis(
                    until.getAsLong(), toolkit.clock().millis());
            if (wait > 0) {
                toolkit.ticker().sleep(wait);
            }
        }
    }

    /** Whether the state says this job's checkpoint is running (it names the deadline in the log, nothing more). */
    private boolean checkpointing() {
        if (env.checkpointDir().isEmpty() || env.jobId().isEmpty()) {
            return false;
        }
        try {
            return new StateFile(env.checkpointDir().get())
                    .read()
                    .map(s -> s.checkpointRunningFor(env.jobId().getAsLong()))
                    .orElse(false);
        } catch (StateFileException e) {
            return false;
        }
    }

    private ExitCode standDown(WatchdogVerdict verdict) {
        log.info("watchdog: " + verdict.reason());
        return ExitCode.OK;
    }

    private ExitCode kill(WatchdogVerdict verdict) {
        SiteConfig config;
        try {
            config = toolkit.config();
        } catch (lsf.env.config.ConfigException e) {
            config = SiteConfig.defaults();
        }
        String why = "watchdog: " + verdict.reason();
        if (env.checkpointDir().isPresent() && env.jobId().isPresent()) {
            try {
                new StateFile(env.checkpointDir().get())
                        .updateIfChanged(before -> before.filter(
                                        s -> s.checkpointRunningFor(env.jobId().getAsLong()))
                                .map(s -> s.checkpointFailed(toolkit.now(), "checkpoint timed out")));
            } catch (StateFileException e) {
                log.error("cannot record the timeout: " + e.getMessage());
            }
        }
        log.event("watchdog_kill", Map.of());
        killer.killAndRecord(log, verdict.groups(), config, env, why);
        return ExitCode.OK;
    }
}
